//! The wasm backend against the vm: every corpus model file that passes on the vm
//! (`tests/conformance/passing.txt`) and WORLD3 give byte-identical CSV on both; so do
//! generated register-heavy models and the two-instance override case. Every blob
//! compiled here is also validated with wasmparser.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use millrace::{Backend, Model, Results};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn csv(results: &Results) -> Vec<u8> {
    let mut out = Vec::new();
    results.write_csv(&mut out).expect("CSV writes to memory");
    out
}

/// Bits of a value, with every NaN the same (NaN payloads and signs may differ).
fn key(v: f64) -> u64 {
    if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() }
}

/// Where two results first differ: variable, row and both values.
fn first_difference(vm: &Results, wasm: &Results) -> String {
    if vm.names != wasm.names {
        return format!("columns differ:\n vm   {:?}\n wasm {:?}", vm.names, wasm.names);
    }
    if vm.rows.len() != wasm.rows.len() {
        return format!("rows differ: vm {}, wasm {}", vm.rows.len(), wasm.rows.len());
    }
    for (r, (a, b)) in vm.rows.iter().zip(&wasm.rows).enumerate() {
        for (c, (x, y)) in a.iter().zip(b).enumerate() {
            if key(*x) != key(*y) {
                return format!("`{}` at row {r} (time {}): vm {x:?}, wasm {y:?}", vm.names[c], a[0]);
            }
        }
    }
    "the CSV text differs but no value does".into()
}

/// Runs `path` on the vm and on wasm; the error (if any) says where they differ.
fn compare_file(path: &Path) -> Result<(), String> {
    let model = Model::open(path).map_err(|e| format!("does not compile: {e}"))?;
    let blob = model.wasm_blob().map_err(|e| format!("does not lower: {e}"))?;
    millrace::wasmgen::validate(blob.bytes()).map_err(|e| e.to_string())?;
    let vm = model.run(Backend::Vm, &[]).map_err(|e| format!("vm: {e}"))?;
    let wasm = model.run(Backend::Wasm, &[]).map_err(|e| format!("wasm: {e}"))?;
    if csv(&vm) == csv(&wasm) { Ok(()) } else { Err(first_difference(&vm, &wasm)) }
}

fn passing_files() -> Vec<PathBuf> {
    let list = std::fs::read_to_string(Path::new(ROOT).join("tests/conformance/passing.txt")).unwrap();
    let cases = Path::new(ROOT).join("tests/corpus/cases");
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| cases.join(l)).collect()
}

#[test]
fn every_passing_corpus_model_gives_the_vms_csv_on_wasm() {
    let files = passing_files();
    assert!(files.len() >= 40, "the passing list has {} files", files.len());
    let failures: Vec<String> =
        files.iter().filter_map(|f| compare_file(f).err().map(|e| format!("{}: {e}", f.display()))).collect();
    assert!(failures.is_empty(), "{} of {} files differ:\n{}", failures.len(), files.len(), failures.join("\n"));
    println!("{} corpus model files: wasm CSV == vm CSV", files.len());
}

#[test]
fn world3_gives_the_vms_csv_on_wasm() {
    let path = Path::new(ROOT).join("tests/models/world3/world3.xmile");
    compare_file(&path).unwrap_or_else(|e| panic!("WORLD3: {e}"));
    // The internals of the implicit instances (SMOOTH, DELAY3...) too.
    let model = Model::open(&path).unwrap();
    let vm = model.run_with(Backend::Vm, &[], true).unwrap();
    let wasm = model.run_with(Backend::Wasm, &[], true).unwrap();
    assert!(csv(&vm) == csv(&wasm), "WORLD3 internals: {}", first_difference(&vm, &wasm));
}

#[test]
fn the_binary_writes_the_same_csv_for_both_backends() {
    for model in ["examples/teacup.xmile", "tests/models/world3/world3.xmile"] {
        let run = |backend: &str| {
            let out = Command::new(env!("CARGO_BIN_EXE_millrace"))
                .args(["run", model, "--backend", backend])
                .current_dir(ROOT)
                .output()
                .expect("millrace runs");
            assert!(out.status.success(), "{model} on {backend}: {}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        };
        let (vm, wasm) = (run("vm"), run("wasm"));
        assert!(!vm.is_empty());
        assert!(vm == wasm, "{model}: `run --backend wasm` differs from `--backend vm`");
    }
}

#[test]
fn two_instances_of_one_submodel_keep_their_own_overrides() {
    let model = Model::open(&Path::new(ROOT).join("examples/two_instances.xmile")).unwrap();
    let overrides = [("sub0.k".to_owned(), 100.0), ("sub1.k".to_owned(), 200.0)];
    let vm = model.run(Backend::Vm, &overrides).unwrap();
    let wasm = model.run(Backend::Wasm, &overrides).unwrap();
    assert_eq!(common::series(&wasm, "sub0.out"), vec![107.0; 5]);
    assert_eq!(common::series(&wasm, "sub1.out"), vec![207.0; 5]);
    assert!(csv(&vm) == csv(&wasm), "{}", first_difference(&vm, &wasm));
    // Live: set, run, reset, run again; both instances stay distinct.
    let mut sim = model.simulation(Backend::Wasm).unwrap();
    sim.set_by_name("sub1.k", 200.0).unwrap();
    sim.set_by_name("sub0.k", 100.0).unwrap();
    sim.run_to(2.0).unwrap();
    sim.reset().unwrap();
    sim.run_to_end().unwrap();
    assert_eq!(sim.get_by_name("sub0.out").unwrap(), 107.0);
    assert_eq!(sim.get_by_name("sub1.out").unwrap(), 207.0);
    assert_eq!(sim.get_by_name("total").unwrap(), 314.0);
}

/// A deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// A random expression of about `depth` levels over the model's variables, using every
/// operator, builtin, lookup and IF.
fn expression(rng: &mut Rng, depth: u32) -> String {
    const LEAVES: [&str; 10] = ["a", "b", "c", "TIME", "DT", "s", "0.5", "-3", "1e-3", "2.25"];
    if depth == 0 {
        return rng.pick(&LEAVES).to_owned();
    }
    let mut sub = || expression(rng, depth - 1);
    let (x, y, z) = (sub(), sub(), sub());
    match rng.next() % 24 {
        0 => format!("({x} + {y})"),
        1 => format!("({x} - {y})"),
        2 => format!("({x} * {y})"),
        3 => format!("({x} / {y})"),
        4 => format!("({x} ^ 0.5)"),
        5 => format!("({x} MOD {y})"),
        6 => format!("(IF {x} > {y} THEN {z} ELSE {x} - {z})"),
        7 => format!("(IF ({x} = {y}) OR NOT ({z} <> {x}) THEN {y} ELSE {z})"),
        8 => format!("(IF {x} <= {y} AND {y} >= {z} THEN {x} ELSE {y} * {z})"),
        9 => format!("MIN({x}, MAX({y}, {z}))"),
        10 => format!("ABS({x}) + SQRT(ABS({y}))"),
        11 => format!("INT({x}) + ROUND({y})"),
        12 => format!("SIGN({x}) * {y}"),
        13 => format!("SAFEDIV({x}, {y}, {z})"),
        14 => format!("EXP(MIN({x}, 5)) - LN(ABS({y}) + 1)"),
        15 => format!("LOG10(ABS({x}) + 1) + SIN({y}) * COS({z})"),
        16 => format!("TAN({x}) + ARCTAN({y})"),
        17 => format!("ARCSIN(MIN(1, MAX(-1, {x}))) + ARCCOS(MIN(1, MAX(-1, {y})))"),
        18 => format!("SINH(MIN({x}, 3)) + COSH(MIN({y}, 3)) + TANH({z})"),
        19 => format!("g({x}) + g({y})"),
        20 => format!("LOOKUP(g, {x}) + LOOKUP_FORWARD(g, {y}) - LOOKUP_BACKWARD(h, {z}) + h({x})"),
        21 => format!("-{x}"),
        22 => format!("({x} < {y}) + ({y} > {z})"),
        _ => format!("PREVIOUS(s, {x}) + INIT(c) * {y}"),
    }
}

fn register_heavy_model(seed: u64, equations: usize, depth: u32) -> String {
    let mut rng = Rng(seed);
    let mut vars = String::from(
        r#"<aux name="a"><eqn>1.5</eqn></aux>
<aux name="b"><eqn>-0.75</eqn></aux>
<aux name="c"><eqn>TIME * 0.3 - 1</eqn></aux>
<stock name="s"><eqn>2</eqn><inflow>f</inflow></stock>
<flow name="f"><eqn>e0 * 0.001</eqn></flow>
<aux name="g"><eqn>0</eqn><gf><xscale min="-2" max="2"/><ypts>0,1,0.5,3,-1</ypts></gf></aux>
<aux name="h"><eqn>0</eqn><gf type="discrete"><xpts>-1,0,0.5,0.5,4</xpts><ypts>2,-1,0.25,7,3</ypts></gf></aux>
"#,
    );
    for i in 0..equations {
        let e = expression(&mut rng, depth);
        vars.push_str(&format!("<aux name=\"e{i}\"><eqn>{}</eqn></aux>\n", common::escape(&e)));
    }
    common::xmile(0.0, 5.0, 0.25, &vars)
}

#[test]
fn register_heavy_expressions_are_bit_identical() {
    for seed in [1u64, 7, 12345] {
        let text = register_heavy_model(seed, 4, 7);
        let model = common::compile(&text);
        let size: usize = model
            .program()
            .modules
            .iter()
            .flat_map(|m| m.all_stmts())
            .flat_map(|s| s.exprs())
            .map(|e| e.size())
            .max()
            .unwrap_or(0);
        assert!(size > 300, "seed {seed}: the largest expression has only {size} nodes");
        let blob = model.wasm_blob().unwrap();
        millrace::wasmgen::validate(blob.bytes()).unwrap();
        let vm = model.run(Backend::Vm, &[]).unwrap();
        let wasm = model.run(Backend::Wasm, &[]).unwrap();
        assert!(csv(&vm) == csv(&wasm), "seed {seed}: {}", first_difference(&vm, &wasm));
    }
}

#[test]
fn deep_nesting_does_not_break_lowering() {
    // 400 nested operations in one equation, with calls at every level.
    let mut e = String::from("a");
    for i in 0..400 {
        e = match i % 4 {
            0 => format!("({e} + SIN(b))"),
            1 => format!("MAX({e}, b) * 0.999"),
            2 => format!("IF {e} > 0 THEN {e} ELSE 1"),
            _ => format!("({e} - EXP(b) / 3)"),
        };
        if e.len() > 20_000 {
            break;
        }
    }
    let text = common::xmile(0.0, 2.0, 1.0, &common::auxes(&[("a", "0.5"), ("b", "0.25"), ("deep", &e)]));
    let model = common::compile(&text);
    let vm = model.run(Backend::Vm, &[]).unwrap();
    let wasm = model.run(Backend::Wasm, &[]).unwrap();
    assert!(csv(&vm) == csv(&wasm), "{}", first_difference(&vm, &wasm));
}

#[test]
fn special_values_through_every_operator_match_the_vm() {
    // Overrides feed NaN, infinities, signed zeros and near-equal values into each rule.
    let exprs = [
        ("eq", "x = y"),
        ("ne", "x <> y"),
        ("lt", "x < y"),
        ("ge", "x >= y"),
        ("and", "x AND y"),
        ("or", "x OR y"),
        ("not", "NOT x"),
        ("if", "IF x THEN 1 ELSE 2"),
        ("mn", "MIN(x, y)"),
        ("mx", "MAX(x, y)"),
        ("rnd", "ROUND(x)"),
        ("int", "INT(x)"),
        ("sgn", "SIGN(x)"),
        ("sd", "SAFEDIV(x, y, 7)"),
        ("md", "x MOD y"),
        ("pw", "x ^ y"),
        ("lk", "g(x)"),
        ("neg", "-x"),
    ];
    let mut vars = common::auxes(&[("x", "1"), ("y", "2")]);
    vars.push_str(
        r#"<aux name="g"><eqn>0</eqn><gf type="extrapolate"><xpts>-1,0,0,2</xpts><ypts>5,1,3,-2</ypts></gf></aux>"#,
    );
    vars.push_str(&common::auxes(&exprs));
    let model = common::compile(&common::xmile(0.0, 1.0, 1.0, &vars));
    let values = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.5,
        -2.5,
        1e-17,
        f64::EPSILON,
        0.1 + 0.2,
        0.3,
        f64::from_bits(1.0f64.to_bits() + 4),
        f64::from_bits(1.0f64.to_bits() + 5),
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        4503599627370497.0,
        -3.0,
        2.0,
    ];
    let mut vm = model.simulation(Backend::Vm).unwrap();
    let mut wasm = model.simulation(Backend::Wasm).unwrap();
    for &x in &values {
        for &y in &values {
            for sim in [&mut vm, &mut wasm] {
                sim.reset().unwrap();
                sim.set_by_name("x", x).unwrap();
                sim.set_by_name("y", y).unwrap();
                sim.run_to(0.0).unwrap();
            }
            for (name, _) in exprs {
                let (a, b) = (vm.get_by_name(name).unwrap(), wasm.get_by_name(name).unwrap());
                assert_eq!(key(a), key(b), "{name} with x = {x:?}, y = {y:?}: vm {a:?}, wasm {b:?}");
            }
        }
    }
}

#[test]
fn a_model_too_large_for_wasm32_is_a_clean_error() {
    // 107,374,182 rows of 5 slots: just under the engine's 4 GiB cap on results, but
    // with the other regions beyond what a wasm32 memory can address.
    let text = common::xmile(0.0, 107_374_181.0, 1.0, &common::auxes(&[("a", "TIME")]));
    let model = common::compile(&text);
    let err = model.wasm_blob().unwrap_err().to_string();
    assert!(err.contains("results") && err.contains("4 GiB"), "{err}");
    let err = model.simulation(Backend::Wasm).err().expect("no silent fallback to the vm").to_string();
    assert!(err.contains("cannot lower"), "{err}");
}

#[test]
fn a_model_compiles_once_for_many_simulations() {
    let model = Model::open(&Path::new(ROOT).join("examples/teacup.xmile")).unwrap();
    let first = model.wasm_module().unwrap() as *const _;
    let clone = model.clone();
    for _ in 0..3 {
        let mut sim = clone.simulation(Backend::Wasm).unwrap();
        sim.run_to_end().unwrap();
    }
    assert_eq!(first, clone.wasm_module().unwrap() as *const _, "clones share the compiled module");
}
