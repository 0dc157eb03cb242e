//! The loop behind both modes of the differential test: generate case `index` of a
//! seed, check it on every backend, shrink a failure, and count.
//!
//! Each case has its own RNG, seeded from `(seed, index)`, so a case is reproducible
//! on its own (whatever the number of threads) and a report names the exact command
//! that replays it. Shrinking is proptest's (`ValueTree::simplify`/`complicate`),
//! driven here so that a long run can report a failure and go on, then `reduce.rs`'s.
//! A failure only counts as reproduced while shrinking if it is of the same [`Kind`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::census::Census;
use super::check::{Failure, Kind, check_text};
use super::model::RandomModel;
use super::reduce::reduce;
use super::scenario::{Named, Scenario, scenario};
use super::strategy::random_model;
use super::xmile::render;

#[derive(Debug, Clone)]
pub struct Case {
    pub model: RandomModel,
    pub scenario: Scenario,
}

pub fn case_strategy() -> BoxedStrategy<Case> {
    (random_model(), scenario()).prop_map(|(model, scenario)| Case { model, scenario }).boxed()
}

/// Checks one case; a panic anywhere is a failure of kind [`Kind::Panic`].
pub fn check_case(case: &Case) -> Result<(), Failure> {
    let xmile = render(&case.model);
    match catch_unwind(AssertUnwindSafe(|| check_text(&xmile, |p| case.scenario.resolve(p)))) {
        Ok(result) => result,
        Err(payload) => {
            let text = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(no message)".into());
            Err(Failure { kind: Kind::Panic, message: text })
        }
    }
}

pub struct Settings {
    pub seed: u64,
    /// Index of the first case.
    pub first: u64,
    pub count: u64,
    pub threads: usize,
    /// Print a progress line every this many cases (0: never).
    pub progress_every: u64,
    /// Proptest's shrinking steps, then the model-aware pass's (`reduce.rs`), per failure.
    pub max_shrink_iters: u32,
    pub max_reduce_iters: u32,
    /// Time allowed to each of the two shrinking passes, per failure.
    pub max_shrink_time: Duration,
    /// Print every generated model (to inspect the generator).
    pub show: bool,
}

/// A failing case, shrunk, and its report.
pub struct Found {
    pub index: u64,
    pub kind: Kind,
    pub report: String,
}

pub struct Summary {
    pub tried: u64,
    pub found: Vec<Found>,
    pub elapsed: Duration,
    pub census: Vec<(&'static str, u64)>,
}

impl Summary {
    pub fn rate(&self) -> f64 {
        self.tried as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn census_text(&self) -> String {
        let pct = |n: u64| 100.0 * n as f64 / self.tried.max(1) as f64;
        self.census.iter().map(|(label, n)| format!("  {label:<40} {n:>8} ({:5.1}%)\n", pct(*n))).collect()
    }
}

/// Runs cases `first .. first + count` of `seed` on `threads` threads.
pub fn run(settings: &Settings) -> Summary {
    let started = Instant::now();
    let next = AtomicU64::new(0);
    let tried = AtomicU64::new(0);
    let failed = AtomicU64::new(0);
    let found = Mutex::new(Vec::new());
    let census = Census::default();
    std::thread::scope(|scope| {
        for _ in 0..settings.threads.max(1) {
            scope.spawn(|| {
                let strategy = case_strategy();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= settings.count {
                        break;
                    }
                    if let Some(f) = try_case(&strategy, settings, settings.first + i, &census) {
                        println!("{}", f.report);
                        failed.fetch_add(1, Ordering::Relaxed);
                        found.lock().expect("no thread panics holding the list").push(f);
                    }
                    let done = tried.fetch_add(1, Ordering::Relaxed) + 1;
                    if settings.progress_every > 0 && done.is_multiple_of(settings.progress_every) {
                        let secs = started.elapsed().as_secs_f64();
                        let failures = failed.load(Ordering::Relaxed);
                        println!(
                            "differential: {done}/{} models tried, {failures} divergences, {:.1} models/s, {secs:.0} s",
                            settings.count,
                            done as f64 / secs
                        );
                    }
                }
            });
        }
    });
    let mut found = found.into_inner().expect("no thread panics holding the list");
    found.sort_by_key(|f| f.index);
    Summary { tried: tried.into_inner(), found, elapsed: started.elapsed(), census: census.totals() }
}

fn try_case(strategy: &BoxedStrategy<Case>, settings: &Settings, index: u64, census: &Census) -> Option<Found> {
    let config = Config { failure_persistence: None, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(settings.seed, index));
    let mut runner = TestRunner::new_with_rng(config, rng);
    let mut tree = strategy.new_tree(&mut runner).expect("the strategies never reject a value");
    let case = tree.current();
    census.count(&case);
    if settings.show {
        println!("model #{index}:\n{}scenario: {:?}\n", render(&case.model), case.scenario.ops);
    }
    let failure = check_case(&case).err()?;
    let (case, failure, steps) = shrink(&mut tree, case, failure, settings);
    let (case, failure, reduced) = reduce(case, failure, settings);
    let report = report(settings.seed, index, &case, &failure, (steps, reduced));
    Some(Found { index, kind: failure.kind, report })
}

/// proptest's shrinking loop: simplify while the failure persists, else complicate.
fn shrink(
    tree: &mut impl ValueTree<Value = Case>,
    mut case: Case,
    mut failure: Failure,
    settings: &Settings,
) -> (Case, Failure, u32) {
    let started = Instant::now();
    let mut steps = 0;
    if !tree.simplify() {
        return (case, failure, steps);
    }
    while steps < settings.max_shrink_iters && started.elapsed() < settings.max_shrink_time {
        steps += 1;
        let candidate = tree.current();
        match check_case(&candidate) {
            Err(f) if f.kind == failure.kind => {
                (case, failure) = (candidate, f);
                if !tree.simplify() {
                    break;
                }
            }
            _ => {
                if !tree.complicate() {
                    break;
                }
            }
        }
    }
    (case, failure, steps)
}

/// 32 bytes for ChaCha from `(seed, index)` (splitmix64).
fn seed_bytes(seed: u64, index: u64) -> [u8; 32] {
    let mut state = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out
}

fn report(seed: u64, index: u64, case: &Case, failure: &Failure, (steps, reduced): (u32, u32)) -> String {
    let xmile = render(&case.model);
    let scenario = match millrace::Model::from_str(&xmile, "generated.xmile") {
        Ok(model) => {
            let program = model.program();
            let actions = case.scenario.resolve(program);
            actions.iter().enumerate().map(|(i, a)| format!("  {i}: {}\n", Named(a, program))).collect::<String>()
        }
        Err(_) => format!("  {:?}\n", case.scenario.ops),
    };
    format!(
        "=== {}: seed {seed:#x}, model #{index}, shrunk in {steps} + {reduced} steps ===\n\
         replay: MILLRACE_FUZZ_SEED={seed:#x} MILLRACE_FUZZ_FIRST={index} MILLRACE_FUZZ_MODELS=1 \
         cargo test --release --test differential long_run -- --ignored --nocapture\n\
         first difference: {}\n\
         scenario (operations, in order):\n{scenario}\
         model:\n{xmile}",
        failure.kind, failure.message
    )
}
