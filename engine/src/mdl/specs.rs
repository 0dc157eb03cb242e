//! The control group: INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER are ordinary
//! equations in a `.mdl` file, which may refer to each other (`SAVEPER = TIME STEP`).
//! They become the run's sim specs, so each must come down to a number from numbers
//! and the other control variables.

use std::collections::HashMap;

use crate::canonical::canonical;
use crate::datamodel::SimSpecs;
use crate::equation::{Expr, Ident};
use crate::ir::Global;

/// The canonical names of the control variables.
pub(super) const CONTROLS: [&str; 4] = ["initial_time", "final_time", "time_step", "saveper"];

/// A control variable's equation and its line.
pub(super) type Controls = HashMap<String, (Expr, u32)>;

/// The sim specs from the control equations; `Err((message, line))`.
pub(super) fn sim_specs(controls: &Controls) -> Result<SimSpecs, (String, u32)> {
    let get = |key: &str| -> Result<Option<f64>, (String, u32)> {
        match controls.get(key) {
            None => Ok(None),
            Some((e, line)) => eval(e, controls, 0).map(Some).map_err(|m| (format!("{}: {m}", display(key)), *line)),
        }
    };
    let required = |key: &str| -> Result<f64, (String, u32)> {
        get(key)?.ok_or_else(|| (format!("the model has no {} equation", display(key)), 1))
    };
    let start = required("initial_time")?;
    let stop = required("final_time")?;
    let dt = required("time_step")?;
    let save_step = get("saveper")?;
    let line = controls.get("initial_time").map_or(1, |(_, l)| *l);
    Ok(SimSpecs { start, stop, dt, save_step, method: None, line })
}

fn display(key: &str) -> String {
    key.replace('_', " ").to_uppercase()
}

/// The value of a control equation: numbers, references to other control variables
/// (at most a few levels deep, so a cycle ends), arithmetic and the builtins of them,
/// computed by the compiler's own evaluator (`compile::constant`) on the equations as
/// written (Vensim's own functions, IF THEN ELSE among them, are not translated here).
/// TIME has no value here: the run's times come from these equations.
fn eval(e: &Expr, controls: &Controls, depth: usize) -> Result<f64, String> {
    if depth > CONTROLS.len() {
        return Err("the control variables refer to each other in a cycle".into());
    }
    crate::compile::constant::value(e, &mut ControlNames { controls, depth })
}

struct ControlNames<'c> {
    controls: &'c Controls,
    depth: usize,
}

impl ControlNames<'_> {
    fn control(&mut self, key: &str) -> Result<f64, String> {
        match self.controls.get(key) {
            Some((inner, _)) => eval(inner, self.controls, self.depth + 1),
            None => Err(format!("refers to {}, which has no equation", display(key))),
        }
    }
}

impl crate::compile::constant::Names for ControlNames<'_> {
    fn variable(&mut self, id: &Ident) -> Result<Option<f64>, String> {
        let key = canonical(&id.text);
        if CONTROLS.contains(&key.as_str()) {
            return self.control(&key).map(Some);
        }
        match crate::compile::constant::is_builtin_constant(&key) {
            true => Ok(None),
            false => Err(format!("must be a number (or refer to control variables), not `{}`", id.text)),
        }
    }

    fn global(&mut self, g: Global) -> Result<f64, String> {
        match g {
            Global::Dt => self.control("time_step"),
            Global::InitialTime => self.control("initial_time"),
            Global::FinalTime => self.control("final_time"),
            Global::Time | Global::Step | Global::Seed => {
                Err("must not depend on TIME: the run's times come from the control variables".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::parse_vensim;

    fn controls(pairs: &[(&str, &str)]) -> Controls {
        pairs
            .iter()
            .enumerate()
            .map(|(i, (k, v))| (k.to_string(), (parse_vensim(v).unwrap().unwrap(), i as u32 + 1)))
            .collect()
    }

    #[test]
    fn controls_may_refer_to_each_other() {
        let c = controls(&[
            ("initial_time", "1900"),
            ("final_time", "INITIAL TIME + 200"),
            ("time_step", "1/2"),
            ("saveper", "TIME STEP"),
        ]);
        let s = sim_specs(&c).unwrap();
        assert_eq!((s.start, s.stop, s.dt, s.save_step), (1900.0, 2100.0, 0.5, Some(0.5)));
    }

    #[test]
    fn bad_controls_are_errors_with_their_line() {
        let c = controls(&[("initial_time", "0"), ("final_time", "x + 1"), ("time_step", "1")]);
        let (m, line) = sim_specs(&c).unwrap_err();
        assert!(m.contains("FINAL TIME") && m.contains("`x`"), "{m}");
        assert_eq!(line, 2);
        let c = controls(&[("initial_time", "FINAL TIME"), ("final_time", "INITIAL TIME"), ("time_step", "1")]);
        assert!(sim_specs(&c).unwrap_err().0.contains("cycle"));
        let c = controls(&[("initial_time", "0"), ("final_time", "1")]);
        assert!(sim_specs(&c).unwrap_err().0.contains("no TIME STEP"));
        let c = controls(&[("initial_time", "Time + 1"), ("final_time", "1"), ("time_step", "1")]);
        assert!(sim_specs(&c).unwrap_err().0.contains("must not depend on TIME"));
    }

    #[test]
    fn controls_may_use_builtins_and_comparisons() {
        let c = controls(&[
            ("initial_time", "MAX(0, -3)"),
            ("final_time", "(DT < 1) * 2 ^ 3"),
            ("time_step", "MIN(1, 1 / 4)"),
        ]);
        let s = sim_specs(&c).unwrap();
        assert_eq!((s.start, s.stop, s.dt), (0.0, 8.0, 0.25));
    }
}
