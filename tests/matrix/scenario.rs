//! Scenarios: scripts of live-state operations, built for a model from its layout
//! (which constants it has to override, how long it runs).

use millrace::{Program, Simulation};

#[derive(Debug, Clone)]
pub enum Op {
    RunTo(f64),
    RunToEnd,
    Set(String, f64),
    Reset,
    Clear,
}

impl Op {
    pub fn apply(&self, sim: &mut dyn Simulation) -> Result<(), String> {
        match self {
            Op::RunTo(t) => sim.run_to(*t),
            Op::RunToEnd => sim.run_to_end(),
            Op::Set(name, v) => sim.set_by_name(name, *v),
            Op::Reset => sim.reset(),
            Op::Clear => sim.clear_values(),
        }
        .map_err(|e| e.to_string())
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: &'static str,
    pub ops: Vec<Op>,
}

/// The scenarios that apply to `program`: a plain run; run_to in segments (repeated,
/// off the DT grid); set_value mid-run; two instances of one submodel overridden
/// differently; reset after overrides; clear_values then reset; run_to again on a full
/// slab.
pub fn scenarios(program: &Program) -> Vec<Scenario> {
    let s = &program.specs;
    let at = |f: f64| s.start + (s.stop - s.start) * f;
    let half_dt = s.dt / 2.0;
    let overridable: Vec<(&str, f64)> = program
        .layout
        .vars
        .iter()
        .filter(|v| program.layout.overridable[v.slot as usize])
        .map(|v| (v.name.as_str(), program.layout.const_default[v.slot as usize]))
        .collect();
    let changed = |v: f64| v * 1.5 + 1.0;
    let mut out = vec![
        Scenario { name: "plain run", ops: vec![Op::RunToEnd] },
        Scenario {
            name: "run_to in segments",
            ops: vec![
                Op::RunTo(at(1.0 / 3.0)),
                Op::RunTo(at(1.0 / 3.0)),
                Op::RunTo(at(2.0 / 3.0) + half_dt),
                Op::RunToEnd,
            ],
        },
        Scenario {
            name: "run_to again on a full slab",
            ops: vec![Op::RunToEnd, Op::RunToEnd, Op::RunTo(s.stop * 2.0 + 1.0)],
        },
    ];
    if let Some(&(first, v)) = overridable.first() {
        out.push(Scenario {
            name: "set_value mid-run",
            ops: vec![Op::RunTo(at(0.5)), Op::Set(first.to_owned(), changed(v)), Op::RunToEnd],
        });
        let (last, w) = overridable[overridable.len() - 1];
        out.push(Scenario {
            name: "reset after overrides",
            ops: vec![
                Op::Set(first.to_owned(), changed(v)),
                Op::Set(last.to_owned(), changed(w)),
                Op::RunTo(at(0.5)),
                Op::Reset,
                Op::RunToEnd,
            ],
        });
        out.push(Scenario {
            name: "clear_values then reset",
            ops: vec![Op::Set(first.to_owned(), changed(v)), Op::RunToEnd, Op::Clear, Op::Reset, Op::RunToEnd],
        });
    }
    if let Some((a, b)) = two_instances(&overridable) {
        out.push(Scenario {
            name: "two instances of one submodel overridden differently",
            ops: vec![Op::Set(a, 100.0), Op::Set(b, 200.0), Op::RunTo(at(0.5)), Op::RunToEnd],
        });
    }
    out
}

/// Two overridable constants that are the same variable of two instances (`a.k`, `b.k`).
fn two_instances(overridable: &[(&str, f64)]) -> Option<(String, String)> {
    for (i, (a, _)) in overridable.iter().enumerate() {
        let Some((inst_a, var_a)) = a.split_once('.') else { continue };
        for (b, _) in &overridable[i + 1..] {
            if let Some((inst_b, var_b)) = b.split_once('.')
                && var_a == var_b
                && inst_a != inst_b
            {
                return Some((a.to_string(), b.to_string()));
            }
        }
    }
    None
}
