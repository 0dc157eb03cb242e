//! The counter-based generator behind every random function: a draw is a pure function
//! of (seed, call site, instance, step), so it does not depend on evaluation order, the
//! backend, the number of threads, how a run was split by `run_to`, or how many times a
//! phase ran within one DT (Runge-Kutta stages see the same step, so the same draw).
//!
//! The integer part is a keyed hash built from the SplitMix64 finaliser ([`mix`], a
//! bijection of 64-bit words with full avalanche): the key absorbs each word of the
//! tuple through one `mix`, then the `j`-th 64-bit output of the call is
//! `mix(key + (j + 1) * GOLDEN)`, a Weyl sequence through the same bijection. Every
//! operation is on `u64` with wrapping arithmetic, so the browser host
//! (`docs/millrace-host.mjs`) reproduces it exactly with `BigInt`s.
//! [`Stream::uniform`] turns an output into an odd multiple of 2^-53 in (0, 1): never 0
//! or 1, so `ln(u)` and `ln(1 - u)` are finite, and `1 - u` is exact.

/// The golden-ratio increment of SplitMix64 (2^64 / phi, odd).
pub const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The default run seed: what a run uses until `set_seed` (or `--seed`) says otherwise.
pub const DEFAULT_SEED: u64 = 0;

/// Seeds are whole numbers below 2^53, so that the seed slot (an f64) holds them exactly
/// and every host passes them through unchanged.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// The run seed of run `run` of a batch whose seed is `batch`: a hash of the two, below
/// 2^53, so `millrace run --seed` with it repeats that run alone.
pub fn run_seed(batch: u64, run: u64) -> u64 {
    mix(mix(batch ^ 0x1319_8a2e_0370_7344).wrapping_add(run.wrapping_add(1).wrapping_mul(GOLDEN))) & MAX_SEED
}

/// The SplitMix64 output function: a bijection on `u64` whose every output bit depends
/// on every input bit.
#[inline]
pub fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number of the IR (a seed, a call site, an instance base, a step) as a key word:
/// truncated toward zero, saturated to the `i64` range (NaN is 0), as two's complement.
/// Whole numbers in `0..2^53` (what the compiler and the drivers write) map to
/// themselves.
#[inline]
pub fn word(x: f64) -> u64 {
    x as i64 as u64
}

/// The key of one call's draws at one step.
pub fn key(seed: u64, site: u64, instance: u64, step: u64) -> u64 {
    // A constant first word, so that seed 0 does not start from the fixed point of mix.
    let mut h = mix(seed ^ 0x243f_6a88_85a3_08d3);
    for w in [site, instance, step] {
        h = mix(h.wrapping_add(GOLDEN) ^ w);
    }
    h
}

/// The sequence of uniforms of one call at one step: output `j` is
/// `mix(key + (j + 1) * GOLDEN)`. A distribution takes as many as it needs, always in
/// the same order, so its value is a function of the key alone.
#[derive(Debug, Clone)]
pub struct Stream {
    key: u64,
    next: u64,
}

impl Stream {
    pub fn new(seed: u64, site: u64, instance: u64, step: u64) -> Self {
        Stream { key: key(seed, site, instance, step), next: 0 }
    }

    /// The next 64-bit output.
    pub fn bits(&mut self) -> u64 {
        self.next = self.next.wrapping_add(1);
        mix(self.key.wrapping_add(self.next.wrapping_mul(GOLDEN)))
    }

    /// The next uniform in (0, 1): `(2 * (bits >> 12) + 1) * 2^-53`, exact.
    pub fn uniform(&mut self) -> f64 {
        let odd = ((self.bits() >> 12) << 1) | 1;
        odd as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_matches_splitmix64() {
        // SplitMix64 seeded with 0 gives mix(GOLDEN) first: 0xe220a8397b1dcdaf.
        assert_eq!(mix(GOLDEN), 0xe220_a839_7b1d_cdaf);
        assert_eq!(mix(0), 0);
    }

    #[test]
    fn words_are_whole_numbers_saturated() {
        assert_eq!(word(5.0), 5);
        assert_eq!(word(5.9), 5);
        assert_eq!(word(-1.0), u64::MAX);
        assert_eq!(word(f64::NAN), 0);
        assert_eq!(word(1e300), i64::MAX as u64);
        assert_eq!(word(MAX_SEED as f64), MAX_SEED);
    }

    #[test]
    fn every_word_of_the_key_matters() {
        let base = key(1, 2, 3, 4);
        for other in [key(0, 2, 3, 4), key(1, 0, 3, 4), key(1, 2, 0, 4), key(1, 2, 3, 0), key(2, 1, 3, 4)] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn uniforms_are_inside_the_open_interval_and_symmetric() {
        let mut s = Stream::new(7, 1, 0, 0);
        for _ in 0..100_000 {
            let u = s.uniform();
            assert!(u > 0.0 && u < 1.0);
            assert!(1.0 - u > 0.0);
            assert_eq!(1.0 - (1.0 - u), u, "1 - u is exact");
        }
    }
}
