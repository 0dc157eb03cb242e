//! The blob on its own: its exports, status codes and memory regions as docs/wasm.md
//! documents them, and its internal functions against `numerics` directly. (Parity with
//! the vm is proven in the root package's tests; this crate never depends on the vm.)

use std::sync::Arc;

use millrace_engine::ir::{Global, LookupMode, TableKind};
use millrace_engine::{Program, Simulation, numerics};
use millrace_wasmgen::layout::{CONTROL_BYTES, PAGE, SAVED_ROWS, STARTED, STEP};
use millrace_wasmgen::{Status, WasmModule, WasmProgram, WasmSim, validate};

fn xmile(start: f64, stop: f64, dt: f64, vars: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>t</vendor><product version="1">t</product></header>
<sim_specs><start>{start}</start><stop>{stop}</stop><dt>{dt}</dt></sim_specs>
<model><variables>
{vars}
</variables></model>
</xmile>"#
    )
}

fn program(text: &str) -> Arc<Program> {
    Arc::new(millrace_engine::compile_str(text, "t.xmile").unwrap_or_else(|e| panic!("{e}")).program)
}

fn sim(program: &Arc<Program>) -> WasmSim {
    sim_of(program, &WasmProgram::compile(program).unwrap())
}

/// A simulation of an already compiled `blob` of `program`.
fn sim_of(program: &Arc<Program>, blob: &WasmProgram) -> WasmSim {
    validate(blob.bytes()).unwrap();
    WasmModule::from_blob(program.clone(), blob).unwrap().instantiate().unwrap()
}

const TEACUP: &str = r#"
<stock name="T"><eqn>180</eqn><outflow>loss</outflow></stock>
<flow name="loss"><eqn>(T - room) / 10</eqn></flow>
<aux name="room"><eqn>70</eqn></aux>
"#;

fn u32_at(s: &WasmSim, addr: u32) -> u32 {
    let a = addr as usize;
    u32::from_le_bytes(s.memory_bytes()[a..a + 4].try_into().unwrap())
}

fn f64_at(s: &WasmSim, addr: u32) -> f64 {
    let a = addr as usize;
    f64::from_le_bytes(s.memory_bytes()[a..a + 8].try_into().unwrap())
}

#[test]
fn geometry_exports_match_the_layout_and_the_listing() {
    let p = program(&xmile(0.0, 10.0, 0.5, TEACUP));
    let blob = WasmProgram::compile(&p).unwrap();
    let mut s = sim_of(&p, &blob);
    let l = s.layout().clone();
    assert_eq!(s.call_export::<(), i32>("n_slots", ()).unwrap() as u32, p.layout.n_slots);
    assert_eq!(s.call_export::<(), i32>("n_chunks", ()).unwrap() as u64, p.specs.n_rows);
    assert_eq!(s.call_export::<(), i32>("results_offset", ()).unwrap() as u32, l.results);
    assert_eq!(s.call_export::<(), i32>("curr_offset", ()).unwrap() as u32, l.curr);
    assert_eq!(s.memory_bytes().len() as u64, l.pages * PAGE);
    let json: serde_json::Value = serde_json::from_str(blob.listing()).unwrap();
    assert_eq!(json["geometry"]["results_offset"], l.results);
    assert_eq!(json["geometry"]["marks_offset"], l.marks);
    assert_eq!(json["slots"]["room"], p.layout.find("room").unwrap().slot);
    assert_eq!(json["imports"].as_array().unwrap().len(), numerics::HostFn::ALL.len());
    s.run_to_end().unwrap();
    assert_eq!(s.call_export::<(), i32>("saved_rows", ()).unwrap(), 21);
    assert_eq!(s.saved_rows(), 21);
}

#[test]
fn regions_are_ordered_aligned_and_disjoint() {
    let text = xmile(
        0.0,
        3.0,
        1.0,
        &format!(
            "{TEACUP}<aux name=\"d\"><eqn>DELAY(T, 2)</eqn></aux>\
             <aux name=\"g\"><eqn>T</eqn><gf><xscale min=\"0\" max=\"1\"/><ypts>0,1,3</ypts></gf></aux>"
        ),
    );
    let p = program(&text);
    let l = WasmProgram::compile(&p).unwrap().layout().clone();
    let n = l.n_slots;
    let mut regions = vec![
        (0, CONTROL_BYTES),
        (l.curr, 8 * n),
        (l.next, 8 * n),
        (l.consts, 8 * n),
        (l.const_default, 8 * n),
        (l.init, 8 * n),
        (l.prev, 8 * n),
        (l.bufs, 8 * l.n_buf),
    ];
    for t in &l.tables {
        regions.push((t.xs, 8 * t.n));
        regions.push((t.ys, 8 * t.n));
    }
    regions.extend([(l.overridable, n), (l.marks, n), (l.results, 8 * n * l.n_rows)]);
    assert!(l.n_buf > 0 && !l.tables.is_empty());
    for w in regions.windows(2) {
        assert!(w[0].0 + w[0].1 <= w[1].0, "regions overlap: {w:?}");
    }
    for (start, len) in &regions {
        if *len >= 8 && *start != l.overridable && *start != l.marks {
            assert_eq!(start % 8, 0, "f64 region at {start} is aligned");
        }
    }
    let (last, len) = regions[regions.len() - 1];
    assert_eq!((last + len) as u64, l.used_bytes);
}

#[test]
fn set_value_is_checked_by_the_blob_itself() {
    let p = program(&xmile(0.0, 10.0, 0.5, TEACUP));
    let mut s = sim(&p);
    let l = s.layout().clone();
    let before = s.memory_bytes().to_vec();
    let loss = p.layout.find("loss").unwrap().slot as i32;
    for (slot, want) in [
        (p.layout.n_slots as i32, Status::SlotOutOfRange),
        (-1, Status::SlotOutOfRange),
        (Global::Time.slot() as i32, Status::NotOverridable),
        (loss, Status::NotOverridable),
    ] {
        let code: i32 = s.call_export("set_value", (slot, 1.0)).unwrap();
        assert_eq!(Status::from_code(code), Some(want), "set_value({slot})");
    }
    assert!(s.memory_bytes() == before.as_slice(), "a rejected set_value writes nothing");
    let room = p.layout.find("room").unwrap().slot;
    let code: i32 = s.call_export("set_value", (room as i32, 20.0)).unwrap();
    assert_eq!(code, Status::Ok as i32);
    assert_eq!(f64_at(&s, l.consts + 8 * room), 20.0);
    assert_eq!(f64_at(&s, l.const_default + 8 * room), 70.0);
    assert_eq!(f64_at(&s, l.curr + 8 * room), 20.0);
    assert_eq!(s.memory_bytes()[(l.marks + room) as usize], 1);
    // clear_values: const back to the default, marks cleared, curr untouched.
    s.call_export::<(), ()>("clear_values", ()).unwrap();
    assert_eq!(f64_at(&s, l.consts + 8 * room), 70.0);
    assert_eq!(s.memory_bytes()[(l.marks + room) as usize], 0);
    assert_eq!(f64_at(&s, l.curr + 8 * room), 20.0);
}

#[test]
fn run_to_and_get_value_report_through_status_and_memory() {
    let p = program(&xmile(0.0, 10.0, 0.5, TEACUP));
    let mut s = sim(&p);
    let before = s.memory_bytes().to_vec();
    let code: i32 = s.call_export("run_to", f64::NAN).unwrap();
    assert_eq!(Status::from_code(code), Some(Status::BadTime));
    assert!(s.memory_bytes() == before.as_slice(), "run_to(NaN) writes nothing");
    let code: i32 = s.call_export("run_to", 2.0).unwrap();
    assert_eq!(code, 0);
    assert_eq!(u32_at(&s, STARTED), 1);
    assert_eq!(u32_at(&s, STEP), 5, "TIME 2.5 is step 5");
    assert_eq!(u32_at(&s, SAVED_ROWS), 6);
    let t = p.layout.find("T").unwrap().slot as i32;
    let v: f64 = s.call_export("get_value", t).unwrap();
    assert_eq!(v.to_bits(), s.get_value(t as u32).unwrap().to_bits());
    let out: f64 = s.call_export("get_value", p.layout.n_slots as i32).unwrap();
    assert!(out.is_nan(), "get_value out of range is NaN");
    // reset: control block and curr zeroed (no marks), initials again on the next run_to.
    s.call_export::<(), ()>("reset", ()).unwrap();
    let l = s.layout().clone();
    assert_eq!((u32_at(&s, STARTED), u32_at(&s, STEP), u32_at(&s, SAVED_ROWS)), (0, 0, 0));
    let curr = &s.memory_bytes()[l.curr as usize..(l.curr + 8 * l.n_slots) as usize];
    assert!(curr.iter().all(|&b| b == 0));
    let code: i32 = s.call_export("run_to_end", ()).unwrap();
    assert_eq!(code, 0);
    assert_eq!(s.get_value(Global::Time.slot()).unwrap(), 10.0);
}

/// Every lookup mode and kind at knots, between them, beyond both ends, on repeated
/// knots and at NaN and the infinities, against `numerics::lookup` itself.
#[test]
fn lookups_are_numerics_lookup_bit_for_bit() {
    let tables = [
        ("c", "continuous", "0,1,1,3", "0,10,5,30"),
        ("e", "extrapolate", "-1,0,0.5,2", "4,1,-2,6"),
        ("ef", "extrapolate", "1,1,2,2", "1,5,6,9"),
        ("d", "discrete", "0,1,2", "7,8,9"),
        ("one", "extrapolate", "2", "42"),
    ];
    let mut vars = String::from("<aux name=\"x\"><eqn>0</eqn></aux>\n");
    for (name, kind, xs, ys) in tables {
        vars.push_str(&format!(
            "<aux name=\"{name}\"><eqn>x</eqn><gf type=\"{kind}\"><xpts>{xs}</xpts><ypts>{ys}</ypts></gf></aux>\n\
             <aux name=\"{name}_f\"><eqn>LOOKUP_FORWARD({name}, x)</eqn></aux>\n\
             <aux name=\"{name}_b\"><eqn>LOOKUP_BACKWARD({name}, x)</eqn></aux>\n"
        ));
    }
    let p = program(&xmile(0.0, 1.0, 1.0, &vars));
    let mut s = sim(&p);
    let xs = [
        -5.0,
        -1.0,
        -0.5,
        0.0,
        -0.0,
        0.25,
        0.5,
        0.75,
        1.0,
        1.5,
        2.0,
        2.5,
        3.0,
        9.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1.0 - f64::EPSILON,
    ];
    // Worked by hand from the rules in docs/semantics.md (not by any code under test):
    // clamping, the later segment at a repeated knot, extrapolation on a non-zero-width
    // end segment only, discrete steps, forward and backward modes, one-knot tables.
    let by_hand: [(&str, f64, f64); 21] = [
        ("c", -5.0, 0.0),
        ("c", 0.5, 5.0),
        ("c", 1.0, 5.0),
        ("c", 2.0, 17.5),
        ("c", 9.0, 30.0),
        ("c_f", 0.5, 10.0),
        ("c_f", 9.0, 30.0),
        ("c_b", 0.5, 0.0),
        ("c_b", 1.0, 5.0),
        ("e", -5.0, 16.0),
        ("e", 0.25, -0.5),
        ("ef", 0.0, 1.0),
        ("ef", 1.5, 5.5),
        ("ef", 3.0, 9.0),
        ("d", -5.0, 7.0),
        ("d", 1.5, 8.0),
        ("d", 9.0, 9.0),
        ("d_f", 1.5, 9.0),
        ("one", -5.0, 42.0),
        ("one", 9.0, 42.0),
        ("one_b", 0.0, 42.0),
    ];
    let mut worked = Vec::new();
    for x in xs {
        s.reset().unwrap();
        s.set_by_name("x", x).unwrap();
        s.run_to(0.0).unwrap();
        for (name, ..) in tables {
            let table = p.tables.iter().find(|t| t.name.eq_ignore_ascii_case(name)).expect("table by name");
            for (var, mode) in [
                (name.to_owned(), LookupMode::Table),
                (format!("{name}_f"), LookupMode::Forward),
                (format!("{name}_b"), LookupMode::Backward),
            ] {
                let want = numerics::lookup(&table.xs, &table.ys, table.kind, mode, x);
                let got = s.get_by_name(&var).unwrap();
                if let Some(&(_, _, expected)) =
                    by_hand.iter().find(|(v, at, _)| *v == var && at.to_bits() == x.to_bits())
                {
                    assert_eq!(got.to_bits(), expected.to_bits(), "{var} at {x:?}: wasm {got:?}, by hand {expected:?}");
                    worked.push((var.clone(), x.to_bits()));
                }
                assert!(
                    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                    "{var} ({:?}, {mode:?}) at {x:?}: wasm {got:?}, numerics {want:?}",
                    table.kind
                );
            }
        }
    }
    assert_eq!(worked.len(), by_hand.len(), "every worked value is at one of the x's: {worked:?}");
    assert!(p.tables.iter().any(|t| t.kind == TableKind::Discrete));
}

#[test]
fn two_simulations_of_one_module_have_separate_memories() {
    let p = program(&xmile(0.0, 10.0, 0.5, TEACUP));
    let module = WasmModule::new(p.clone()).unwrap();
    let mut a = module.instantiate().unwrap();
    let mut b = module.instantiate().unwrap();
    a.set_by_name("room", 0.0).unwrap();
    a.run_to_end().unwrap();
    b.run_to_end().unwrap();
    assert_eq!(b.get_by_name("room").unwrap(), 70.0);
    assert_ne!(a.get_by_name("T").unwrap(), b.get_by_name("T").unwrap());
    // Shared across threads: the compiled module is Send + Sync.
    let handle = std::thread::spawn(move || {
        let mut c = module.instantiate().unwrap();
        c.run_to_end().unwrap();
        c.get_by_name("T").unwrap()
    });
    assert_eq!(handle.join().unwrap().to_bits(), b.get_by_name("T").unwrap().to_bits());
}
