// A minimal JavaScript host for a Millrace blob (docs/wasm.md): binds the
// `millrace_math` imports to Math.*, drives the blob through its exports and reads
// results by striding its memory. Used by docs/wasm-example.html in a browser and by
// tests/wasm_js_host.rs under Node. No build step, no dependencies.

/** Euclidean MOD, the formula of numerics::modulo (JS `%` is exact like Rust's). */
function euclideanMod(a, b) {
  const r = a % b;
  return r < 0 ? r + Math.abs(b) : r;
}

// The random functions: engine/src/numerics/random.rs (the generator) and
// distributions.rs (the draws), step for step. The integers are BigInt, so a draw's
// uniforms are the Rust host's bit for bit; the transforms call Math.* and so may
// differ in the last bit, as the other imports do.
const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
const mix = (z) => {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
};
/** numerics::random::word: truncated toward zero, saturated to i64 (NaN 0), two's complement. */
const word = (x) => {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9223372036854775807) return (1n << 63n) - 1n;
  if (x <= -9223372036854775808) return 1n << 63n;
  return BigInt.asUintN(64, BigInt(Math.trunc(x)));
};
class Stream {
  constructor(seed, site, instance, step) {
    let h = mix(seed ^ 0x243f6a8885a308d3n);
    for (const w of [site, instance, step]) h = mix(((h + GOLDEN) & M64) ^ w);
    this.key = h;
    this.next = 0n;
  }
  uniform() {
    this.next += 1n;
    const bits = mix((this.key + this.next * GOLDEN) & M64);
    return Number(((bits >> 12n) << 1n) | 1n) * 2 ** -53;
  }
}
const { exp, ln, pow, cos } = { exp: Math.exp, ln: Math.log, pow: (a, b) => millraceMath.pow(a, b), cos: Math.cos };
const TRIES = 64, SEARCH_STEPS = 1000, SEARCH_BELOW = 30;
const stdNormal = (s) => {
  const u1 = s.uniform(), u2 = s.uniform();
  return Math.sqrt(-2 * ln(u1)) * cos((2 * Math.PI) * u2);
};
const gamma = (shape, s) => {
  if (!(shape > 0) || shape === Infinity) return NaN;
  if (shape < 1) {
    const g = gamma(shape + 1, s);
    return g * pow(s.uniform(), 1 / shape);
  }
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (let i = 0; i < TRIES; i++) {
    const z = stdNormal(s), t = 1 + c * z;
    if (t <= 0) continue;
    const v = t * t * t, u = s.uniform();
    if (ln(u) < 0.5 * (z * z) + (d - d * v) + d * ln(v)) return d * v;
  }
  return d;
};
const lnFactorial = (k) => {
  if (k < 16) {
    let f = 1;
    for (let i = 2; i <= k; i += 1) f *= i;
    return ln(f);
  }
  const z = k + 1, z2 = z * z;
  const series = 1 / (12 * z) - 1 / (360 * (z * z2)) + 1 / (1260 * (z * z2 * z2));
  return ((z - 0.5) * ln(z) - z) + 0.9189385332046728 + series;
};
const poisson = (mean, s) => {
  if (!(mean >= 0) || mean === Infinity) return NaN;
  if (mean === 0) return 0;
  if (mean < SEARCH_BELOW) {
    const u = s.uniform();
    let p = exp(-mean), cdf = p, k = 0, steps = 0;
    while (u > cdf && steps < SEARCH_STEPS) { k += 1; p *= mean / k; cdf += p; steps += 1; }
    return k;
  }
  const slam = Math.sqrt(mean), loglam = ln(mean), b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  for (let i = 0; i < TRIES; i++) {
    const u = s.uniform() - 0.5, v = s.uniform(), us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (ln(v) + ln(invAlpha) - ln(a / (us * us) + b) <= -mean + k * loglam - lnFactorial(k)) return k;
  }
  return Math.floor(mean);
};
const btrs = (n, q, s) => {
  const spq = Math.sqrt(n * q * (1 - q)), b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * q;
  const c = n * q + 0.5, vr = 0.92 - 4.2 / b, alpha = (2.83 + 5.1 / b) * spq, lpq = ln(q / (1 - q));
  const m = Math.floor((n + 1) * q), h = lnFactorial(m) + lnFactorial(n - m);
  for (let i = 0; i < TRIES; i++) {
    const u = s.uniform() - 0.5, v = s.uniform(), us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    if (ln(v * alpha / (a / (us * us) + b)) <= (h - lnFactorial(k) - lnFactorial(n - k)) + (k - m) * lpq) return k;
  }
  return Math.floor(n * q);
};
const binomial = (n, p, s) => {
  if (!(n >= 0) || n === Infinity || Number.isNaN(p)) return NaN;
  n = Math.floor(n);
  if (!(p >= 0 && p <= 1)) p = 1;
  const flip = p > 0.5, q = flip ? 1 - p : p;
  if (q === 0 || n === 0) return flip ? n : 0;
  let k;
  if (n * q < SEARCH_BELOW) {
    const u = s.uniform(), ratio = q / (1 - q);
    let f = pow(1 - q, n), cdf = f, steps = 0;
    k = 0;
    while (u > cdf && k < n && steps < SEARCH_STEPS) { f *= ((n - k) / (k + 1)) * ratio; k += 1; cdf += f; steps += 1; }
  } else {
    k = btrs(n, q, s);
  }
  return flip ? n - k : k;
};
const negBinomial = (r, p, s) => {
  r = Math.floor(r);
  if (!(r >= 1 && p > 0 && p <= 1) || r === Infinity) return NaN;
  if (p === 1) return 0;
  return poisson(gamma(r, s) * ((1 - p) / p), s);
};
const triangular = (lo, mode, hi, u) => {
  if (!(lo <= mode && mode <= hi)) return NaN;
  const width = hi - lo;
  if (width === 0) return lo;
  return u < (mode - lo) / width ? lo + Math.sqrt(u * width * (mode - lo)) : hi - Math.sqrt((1 - u) * width * (hi - mode));
};
const sample = (kind, a, b, c, s) => {
  switch (kind) {
    case 0: return a + (b - a) * s.uniform();
    case 1: return a + b * stdNormal(s);
    case 2: return exp(a + b * stdNormal(s));
    case 3: return poisson(a, s);
    case 4: return -a * ln(s.uniform());
    case 5: { const x = gamma(a, s), y = gamma(b, s); return x / (x + y); }
    case 6: return binomial(a, b, s);
    case 7: return gamma(a, s) * b;
    case 8: {
      if (!(a > 0 && a <= 1)) return NaN;
      const u = s.uniform();
      return a === 1 ? 1 : Math.max(Math.ceil(ln(u) / ln(1 - a)), 1);
    }
    case 9: { const u = s.uniform(); return a + b * ln(u / (1 - u)); }
    case 10: return negBinomial(a, b, s);
    case 11: return b * pow(s.uniform(), -1 / a);
    case 12: return triangular(a, b, c, s.uniform());
    case 13: return b * pow(-ln(s.uniform()), 1 / a);
    case 14: { const v = ln(1 + (b * b) / (a * a)); return exp((ln(a) - v / 2) + Math.sqrt(v) * stdNormal(s)); }
    case 15: return Math.floor(a) + negBinomial(a, b, s);
    default: return undefined;
  }
};
/** numerics::distributions::random: kind < 64 a plain draw, 64 + k Vensim's truncated form. */
function random(kind, a, b, c, min, max, shift, stretch, seed, site, instance, step) {
  const s = new Stream(word(seed), word(site), word(instance), word(step));
  const vensim = kind >= 64, code = vensim ? kind - 64 : kind;
  if (!Number.isInteger(code) || code < 0 || code > 15) return NaN;
  if (!vensim) return sample(code, a, b, c, s);
  if (min > max) return NaN;
  let x = NaN;
  for (let i = 0; i < TRIES; i++) {
    x = shift + stretch * sample(code, a, b, c, s);
    if (x >= min && x <= max) return x;
  }
  return Math.min(Math.max(x, min), max);
}

/** The imports every blob needs. Transcendentals may differ from Rust in the last bit. */
export const millraceMath = {
  exp: Math.exp, ln: Math.log, log10: Math.log10,
  sin: Math.sin, cos: Math.cos, tan: Math.tan,
  asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  // Rust's powf gives 1 for pow(1, y) and pow(-1, +-inf); Math.pow gives NaN.
  pow: (a, b) => (a === 1 || (Math.abs(a) === 1 && b === Infinity) || (Math.abs(a) === 1 && b === -Infinity))
    ? 1 : Math.pow(a, b),
  mod: euclideanMod,
  random,
};

const STATUS = { 0: "ok", 1: "slot out of range", 2: "not an overridable constant", 3: "the time is NaN" };

/** A live simulation over one blob instance. */
export class Simulation {
  constructor(instance, listing) {
    this.exports = instance.exports;
    this.listing = listing;
    this.nSlots = this.exports.n_slots();
    this.resultsOffset = this.exports.results_offset();
    this.currOffset = this.exports.curr_offset();
  }

  /** Instantiates `bytes` (an ArrayBuffer or typed array) described by `listing`. */
  static async load(bytes, listing) {
    const { instance } = await WebAssembly.instantiate(bytes, { millrace_math: millraceMath });
    return new Simulation(instance, listing);
  }

  slot(name) {
    const s = this.listing.slots[name];
    if (s === undefined) throw new Error(`unknown variable \`${name}\``);
    return s;
  }

  check(what, code) {
    if (code !== 0) throw new Error(`${what}: ${STATUS[code] ?? `status ${code}`}`);
  }

  setValue(name, v) { this.check(`set ${name}`, this.exports.set_value(this.slot(name), v)); }
  runTo(t) { this.check("run_to", this.exports.run_to(t)); }
  runToEnd() { this.check("run_to_end", this.exports.run_to_end()); }
  reset() { this.exports.reset(); }
  /** The random functions' run seed (Global::Seed, slot 5, an overridable slot without a name). */
  setSeed(seed) { this.check("seed", this.exports.set_value(5, seed)); }
  clearValues() { this.exports.clear_values(); }
  savedRows() { return this.exports.saved_rows(); }

  /** A fresh view: the memory's buffer is fixed in size, but re-reading is cheap. */
  f64s() { return new Float64Array(this.exports.memory.buffer); }

  get(name) { return this.f64s()[this.currOffset / 8 + this.slot(name)]; }

  /** The saved values of one variable: every n_slots-th f64 of the results slab. */
  series(name) {
    const mem = this.f64s();
    const first = this.resultsOffset / 8 + this.slot(name);
    const out = [];
    for (let r = 0; r < this.savedRows(); r++) out.push(mem[first + r * this.nSlots]);
    return out;
  }

  /** The output variables (the default CSV columns), in listing order. */
  outputs() { return this.listing.variables.filter((v) => v.output).map((v) => v.name); }

  /** Saved rows as text: `time` then each output, values as String(v) (shortest round trip). */
  table() {
    const names = this.outputs();
    const cols = [this.series("TIME"), ...names.map((n) => this.series(n))];
    const lines = [["time", ...names].join(",")];
    for (let r = 0; r < cols[0].length; r++) lines.push(cols.map((c) => String(c[r])).join(","));
    return lines.join("\n") + "\n";
  }
}
