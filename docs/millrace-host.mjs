// A minimal JavaScript host for a Millrace blob (docs/wasm.md): binds the
// `millrace_math` imports to Math.*, drives the blob through its exports and reads
// results by striding its memory. Used by docs/wasm-example.html in a browser and by
// tests/wasm_js_host.rs under Node. No build step, no dependencies.

/** Euclidean MOD, the formula of numerics::modulo (JS `%` is exact like Rust's). */
function euclideanMod(a, b) {
  const r = a % b;
  return r < 0 ? r + Math.abs(b) : r;
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
