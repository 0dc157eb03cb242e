// The page of `millrace web`: reads site.json (what to show), instantiates the model's
// blob through millrace-host.mjs, and re-runs it whenever a constant changes. Plain
// JavaScript, no dependencies, charts drawn as SVG by hand.
//
// For tests and scripts: every chart's <svg> carries its run's values in data-values
// (formatted as `millrace run` writes them), <body data-runs> counts finished runs, and
// window.millraceSite offers csv() and values().

import { Simulation } from "./millrace-host.mjs";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

/** A value as `millrace run` writes it (engine/src/results.rs `push_f64`): shortest
 *  round trip, plain decimals for 1e-5 <= |v| < 1e16, Rust's exponent form outside. */
export function formatValue(v) {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const a = Math.abs(v);
  // JavaScript writes plain decimals down to 1e-7 and up to 1e21: inside Rust's band
  // the two agree digit for digit; outside it both give the shortest digits.
  if (a >= 1e-5 && a < 1e16) return String(v);
  return v.toExponential().replace("e+", "e");
}

/** A CSV field as `millrace run` writes it: quoted when it holds , " or a line break. */
function csvField(text) {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** An element (SVG when `ns` is given) with attributes and children. */
function el(tag, attrs = {}, children = [], ns = null) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c);
  return node;
}

/** The hover text of a variable: name and units, its equation, its documentation. */
function describe(v) {
  const lines = [v.units ? `${v.name} [${v.units}]` : v.name];
  if (v.equation) lines.push(`= ${v.equation}`);
  if (v.range) lines.push(`documented range ${v.range[0]} .. ${v.range[1]}`);
  if (v.doc) lines.push("", v.doc);
  return lines.join("\n");
}

/** A short label for an axis tick (not the data: that is formatValue). */
function tickLabel(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3
    ? Number(v.toPrecision(3)).toExponential().replace("e+", "e")
    : String(Number(v.toPrecision(6)));
}

/** About `count` round tick positions covering [lo, hi]. */
function ticks(lo, hi, count) {
  const raw = (hi - lo) / count;
  // One saved row, or a span too wide for doubles: a single tick, not a loop of NaNs.
  if (!(raw > 0) || !Number.isFinite(raw)) return { step: Math.abs(lo) || 1, values: [lo] };
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) out.push(k * step);
  return { step, values: out };
}

const W = 440, H = 250, L = 64, R = 20, T = 10, B = 38;

/** Draws `values` over `time` into `svg` (replacing what it held). */
function drawChart(svg, time, values) {
  svg.replaceChildren();
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (lo === hi) { const pad = Math.abs(lo) * 0.1 || 1; lo -= pad; hi += pad; }
  const yt = ticks(lo, hi, 4);
  lo = Math.min(lo, Math.floor(lo / yt.step) * yt.step);
  hi = Math.max(hi, Math.ceil(hi / yt.step) * yt.step);
  const t0 = time[0], t1 = time[time.length - 1];
  const x = (t) => L + ((W - L - R) * (t - t0)) / (t1 - t0 || 1);
  const y = (v) => H - B - ((H - T - B) * (v - lo)) / (hi - lo);
  for (const v of ticks(lo, hi, 4).values) {
    svg.append(el("line", { class: "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }, [], SVG));
    svg.append(el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, [tickLabel(v)], SVG));
  }
  for (const t of ticks(t0, t1, 5).values) {
    svg.append(el("text", { x: x(t), y: H - B + 15, "text-anchor": "middle" }, [tickLabel(t)], SVG));
  }
  svg.append(el("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }, [], SVG));
  svg.append(el("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }, [], SVG));
  svg.append(el("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" }, ["time"], SVG));
  // A NaN or an infinity breaks the line rather than drawing it off the chart.
  let points = [];
  const flush = () => {
    if (points.length) svg.append(el("polyline", { class: "line", points: points.join(" ") }, [], SVG));
    points = [];
  };
  values.forEach((v, i) => (Number.isFinite(v) ? points.push(`${x(time[i]).toFixed(1)},${y(v).toFixed(1)}`) : flush()));
  flush();
  svg.append(el("line", { class: "cursor", x1: -10, x2: -10, y1: T, y2: H - B, visibility: "hidden" }, [], SVG));
}

/** The hover readout: the saved value nearest the pointer's time. */
function followPointer(svg, readout, chart) {
  svg.addEventListener("pointermove", (event) => {
    const { time, values } = chart;
    if (!time) return;
    const box = svg.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * W;
    const t = time[0] + ((px - L) / (W - L - R)) * (time[time.length - 1] - time[0]);
    let i = 0;
    while (i + 1 < time.length && Math.abs(time[i + 1] - t) <= Math.abs(time[i] - t)) i++;
    readout.textContent = `time ${formatValue(time[i])}: ${formatValue(values[i])}`;
    const cursor = svg.querySelector(".cursor");
    const cx = L + ((W - L - R) * (time[i] - time[0])) / (time[time.length - 1] - time[0] || 1);
    cursor.setAttribute("x1", cx);
    cursor.setAttribute("x2", cx);
    cursor.setAttribute("visibility", "visible");
  });
  svg.addEventListener("pointerleave", () => {
    readout.textContent = "";
    svg.querySelector(".cursor")?.setAttribute("visibility", "hidden");
  });
}

/** A slider and a text field for one constant. The field's text is the value run:
 *  typing it after `--set NAME=` reproduces the page's run. */
function constantControl(c, index, changed) {
  const id = `constant-${index}`;
  const slider = el("input", { type: "range", id, min: c.slider.min, max: c.slider.max, step: c.slider.step, "data-name": c.name });
  const field = el("input", { type: "text", inputmode: "decimal", "data-name": c.name, "aria-label": c.name });
  const label = el("label", { for: id }, [c.name]);
  if (c.units) label.append(" ", el("span", { class: "units" }, [`[${c.units}]`]));
  const control = {
    name: c.name,
    default: c.default,
    value: c.default,
    slider,
    field,
    reset() {
      this.value = c.default;
      field.value = formatValue(c.default);
      field.classList.remove("invalid");
      slider.value = String(c.default);
    },
  };
  slider.addEventListener("input", () => {
    // Steps are powers of ten: 12 significant digits remove binary noise such as
    // 0.30000000000000004 and keep every value the slider can reach.
    control.value = Number(Number(slider.value).toPrecision(12));
    field.value = formatValue(control.value);
    field.classList.remove("invalid");
    changed();
  });
  field.addEventListener("input", () => {
    const text = field.value.trim();
    const v = Number(text);
    const ok = text !== "" && !Number.isNaN(v);
    field.classList.toggle("invalid", !ok);
    if (!ok) return;
    control.value = v;
    slider.value = String(v);
    changed();
  });
  control.reset();
  const box = el("div", { class: "constant", title: describe(c) }, [label, el("div", { class: "row" }, [slider, field])]);
  return { control, box };
}

function csv(sim) {
  const names = sim.outputs();
  const cols = [sim.series("TIME"), ...names.map((n) => sim.series(n))];
  const lines = [["time", ...names].map(csvField).join(",")];
  for (let r = 0; r < cols[0].length; r++) lines.push(cols.map((c) => formatValue(c[r])).join(","));
  return lines.join("\n") + "\n";
}

async function fetchOk(file) {
  const response = await fetch(file);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return response;
}

async function main() {
  const site = await (await fetchOk("site.json")).json();
  const [listing, bytes] = await Promise.all([
    fetchOk(site.listing).then((r) => r.json()),
    fetchOk(site.wasm).then((r) => r.arrayBuffer()),
  ]);
  const sim = await Simulation.load(bytes, listing);

  let runs = 0;
  let pending = false;
  const controls = [];
  const charts = [];
  let last = null; // the last run's time axis
  // A chart's series of the last run (read from the blob's memory once per chart).
  const drawOne = (chart, run) => {
    chart.time = run.time;
    chart.values = sim.series(chart.name);
    drawChart(chart.svg, run.time, chart.values);
    chart.svg.dataset.values = chart.values.map(formatValue).join(",");
  };

  const run = () => {
    pending = false;
    try {
      runNow();
    } catch (e) {
      $("status").textContent = `error: ${e.message}`;
      $("status").classList.add("error");
    }
  };
  const runNow = () => {
    $("status").classList.remove("error");
    sim.clearValues();
    sim.reset();
    for (const c of controls) if (!Object.is(c.value, c.default)) sim.setValue(c.name, c.value);
    const started = performance.now();
    sim.runToEnd();
    const ms = performance.now() - started;
    last = { time: sim.series("TIME") };
    for (const chart of charts) drawOne(chart, last);
    runs += 1;
    // A clock that did not move (a coarse timer, a headless browser's virtual time)
    // gives no duration rather than a false "0.0 ms".
    $("status").textContent = `${sim.savedRows()} rows` + (ms > 0 ? ` in ${ms.toFixed(1)} ms` : "");
    document.body.dataset.runs = String(runs);
  };
  // Slider events come faster than runs on a big model: one run per turn of the event
  // loop, with the values of that moment.
  const changed = () => {
    if (!pending) { pending = true; setTimeout(run, 0); }
  };

  site.constants.forEach((c, i) => {
    const { control, box } = constantControl(c, i, changed);
    control.box = box;
    controls.push(control);
    $("constants").append(box);
  });
  if (!site.constants.length) $("constants").append(el("p", {}, ["This model has no constants to change."]));

  // One figure per charted variable; drawn at once when a run already exists.
  const addChart = (v) => {
    const svg = el("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, "data-var": v.name, role: "img", "aria-label": v.name }, [], SVG);
    const readout = el("span", { class: "readout" });
    const name = el("span", {}, [v.name]);
    if (v.units) name.append(" ", el("span", { class: "units" }, [`[${v.units}]`]));
    const remove = el("button", { type: "button", title: `Remove the chart of ${v.name}`, "aria-label": `Remove ${v.name}` }, ["\u00d7"]);
    const head = el("figcaption", { class: "chart-head", title: describe(v) }, [name, el("span", {}, [readout, remove])]);
    const figure = el("figure", {}, [head, svg]);
    const chart = { name: v.name, svg, time: null, values: null };
    followPointer(svg, readout, chart);
    remove.addEventListener("click", () => {
      charts.splice(charts.indexOf(chart), 1);
      figure.remove();
    });
    charts.push(chart);
    $("charts").append(figure);
    if (last) drawOne(chart, last);
  };
  for (const v of site.charts) addChart(v);
  for (const v of site.outputs) $("add-chart").append(new Option(v.name, v.name));
  $("add-chart").addEventListener("change", () => {
    const v = site.outputs.find((o) => o.name === $("add-chart").value);
    if (v && !charts.some((c) => c.name === v.name)) addChart(v);
    $("add-chart").value = "";
  });

  $("filter").addEventListener("input", () => {
    const text = $("filter").value.trim().toLowerCase();
    for (const c of controls) c.box.hidden = text !== "" && !c.name.toLowerCase().includes(text);
  });

  $("reset").addEventListener("click", () => {
    for (const c of controls) c.reset();
    changed();
  });
  $("download").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([csv(sim)], { type: "text/csv" }));
    const link = el("a", { href: url, download: site.csv_name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  window.millraceSite = {
    csv: () => csv(sim),
    values: () => Object.fromEntries(controls.map((c) => [c.name, c.value])),
  };
  run();
  document.body.dataset.state = "ready";
}

main().catch((e) => {
  $("status").textContent = `error: ${e.message}`;
  $("status").classList.add("error");
  document.body.dataset.state = "error";
});
