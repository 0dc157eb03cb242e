//! Sim specs -> run geometry, with the checks a modeller needs to hear about.

use crate::datamodel::SimSpecs;
use crate::error::Diagnostic;
use crate::ir::{Method, Specs};
use crate::limits;

/// Validates the sim specs and fixes the step and save counts.
///
/// - `dt > 0`, `stop >= start`, all finite.
/// - Steps: `(stop - start) / dt`, taken as the nearest whole number when within 1e-9
///   (relative) of it, else rounded down: float noise in the specs must not add or drop
///   a step.
/// - Save interval (default: every DT) rounded to a whole number of DTs, at least one.
/// - Rows: `n_steps / save_every + 1`.
/// - Integration: the model's method ([`integration_method`]; docs/semantics.md,
///   "Integration").
pub fn run_specs(specs: &SimSpecs, file: &str, warnings: &mut Vec<Diagnostic>) -> Result<Specs, Diagnostic> {
    let at = |d: Diagnostic| d.at(Some(file), Some(specs.line));
    for (what, v) in [("start", specs.start), ("stop", specs.stop), ("dt", specs.dt)] {
        if !v.is_finite() {
            return Err(at(Diagnostic::error(format!("sim specs: {what} must be a finite number (got {v})"))));
        }
    }
    if specs.dt <= 0.0 {
        return Err(at(Diagnostic::error(format!("sim specs: dt must be positive (got {})", num(specs.dt)))));
    }
    if specs.stop < specs.start {
        return Err(at(Diagnostic::error(format!(
            "sim specs: stop time {} is before start time {}",
            num(specs.stop),
            num(specs.start)
        ))));
    }
    // TIME is `start + k * dt`: with dt at or below a few units in the last place of
    // the times reached, consecutive steps would have the same TIME (start 1e17, dt 1).
    let magnitude = specs.start.abs().max(specs.stop.abs());
    let resolution = 4.0 * ulp(magnitude);
    if specs.stop > specs.start && specs.dt <= resolution {
        return Err(at(Diagnostic::error(format!(
            "sim specs: dt {} is too small for times near {magnitude:e}: an f64 there is only exact to \
             {:e}, so consecutive steps would have the same TIME (use a dt above {resolution:e}, or \
             times nearer zero)",
            num(specs.dt),
            ulp(magnitude)
        ))));
    }
    let ratio = (specs.stop - specs.start) / specs.dt;
    let n_steps = if ratio.is_finite() && ratio < u64::MAX as f64 { whole_count(ratio) } else { u64::MAX };
    if let Err(message) = limits::STEPS.check(n_steps, "the run") {
        return Err(at(Diagnostic::error(format!(
            "sim specs: {} to {} with dt {} is {ratio:e} steps; {message}",
            num(specs.start),
            num(specs.stop),
            num(specs.dt)
        ))));
    }
    let save = specs.save_step.unwrap_or(specs.dt);
    if !save.is_finite() || save <= 0.0 {
        return Err(at(Diagnostic::error(format!("sim specs: the save interval must be positive (got {save})"))));
    }
    let ratio = save / specs.dt;
    let save_every = (ratio.round() as u64).max(1);
    if (ratio - save_every as f64).abs() > 1e-9 * ratio.max(1.0) {
        warnings.push(at(Diagnostic::warning(format!(
            "sim specs: save interval {save} is not a whole number of DTs ({}); saving every {save_every} DT",
            specs.dt
        ))));
    }
    let method = integration_method(specs.method.as_deref(), &mut |d| warnings.push(at(d)));
    Ok(Specs {
        start: specs.start,
        stop: specs.stop,
        dt: specs.dt,
        save_every,
        n_steps,
        n_rows: n_steps / save_every + 1,
        method,
    })
}

/// The method a model asks for (`<sim_specs method=...>`, or `--method`): Euler, RK2 or
/// RK4, any case; none means Euler. RK45 (adaptive) runs as fixed-step RK4, anything
/// else as Euler, each with a warning.
fn integration_method(name: Option<&str>, warn: &mut impl FnMut(Diagnostic)) -> Method {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Method::Euler;
    };
    if let Some(method) = Method::parse(name) {
        return method;
    }
    let (method, how) = if name.eq_ignore_ascii_case("rk45") {
        (Method::Rk4, "fixed-step RK4 at the model's DT")
    } else {
        (Method::Euler, "Euler")
    };
    warn(Diagnostic::warning(format!(
        "integration method `{name}` is not supported (Millrace has Euler, RK2 and RK4); running with {how}"
    )));
    method
}

/// The gap between `x` (finite, non-negative) and the next larger f64.
fn ulp(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1) - x
}

/// `x` as a whole count: the nearest integer when `x` is within 1e-9 (relative) of it,
/// else `floor(x)`.
fn whole_count(x: f64) -> u64 {
    let r = x.round();
    if (x - r).abs() <= 1e-9 * r.max(1.0) { r as u64 } else { x.floor() as u64 }
}

/// A number in a message: its shortest exact form, in exponent form when very large or
/// small (`1e-320`, not 320 digits).
fn num(v: f64) -> String {
    crate::results::format_f64(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(start: f64, stop: f64, dt: f64, save: Option<f64>) -> SimSpecs {
        SimSpecs { start, stop, dt, save_step: save, method: None, line: 3 }
    }

    #[test]
    fn counts_steps_and_rows() {
        let s = run_specs(&specs(0.0, 30.0, 0.125, None), "m", &mut vec![]).unwrap();
        assert_eq!((s.n_steps, s.save_every, s.n_rows), (240, 1, 241));
        let s = run_specs(&specs(0.0, 10.0, 0.1, Some(1.0)), "m", &mut vec![]).unwrap();
        assert_eq!((s.n_steps, s.save_every, s.n_rows), (100, 10, 11));
        let s = run_specs(&specs(0.0, 10.0, 1.0, Some(3.0)), "m", &mut vec![]).unwrap();
        assert_eq!((s.n_steps, s.save_every, s.n_rows), (10, 3, 4));
        let s = run_specs(&specs(0.0, 1.0, 0.3, None), "m", &mut vec![]).unwrap();
        assert_eq!(s.n_steps, 3);
        let s = run_specs(&specs(5.0, 5.0, 1.0, None), "m", &mut vec![]).unwrap();
        assert_eq!((s.n_steps, s.n_rows), (0, 1));
    }

    #[test]
    fn first_and_last_rows_keep_the_last_saved_step() {
        // (start, stop, dt, save): rows end on the stop time, before it, or are one row.
        for (stop, dt, save) in [(30.0, 0.125, None), (10.0, 0.1, Some(1.0)), (10.0, 1.0, Some(3.0)), (0.0, 1.0, None)]
        {
            let s = run_specs(&specs(0.0, stop, dt, save), "m", &mut vec![]).unwrap();
            let last = s.first_and_last_rows();
            let last_saved_step = |s: Specs| (s.n_rows - 1) * s.save_every;
            assert_eq!(last_saved_step(last), last_saved_step(s), "{s:?}");
            assert_eq!(last.n_rows, s.n_rows.min(2), "{s:?}");
            assert_eq!((last.start, last.stop, last.dt, last.n_steps), (s.start, s.stop, s.dt, s.n_steps));
        }
    }

    #[test]
    fn rejects_bad_specs_with_the_line() {
        let e = run_specs(&specs(0.0, 10.0, 0.0, None), "m.xmile", &mut vec![]).unwrap_err();
        assert!(e.message.contains("dt must be positive"), "{e}");
        assert_eq!(e.line, Some(3));
        let e = run_specs(&specs(0.0, -1.0, 1.0, None), "m.xmile", &mut vec![]).unwrap_err();
        assert!(e.message.contains("before start"), "{e}");
        let e = run_specs(&specs(0.0, 1.0, f64::NAN, None), "m.xmile", &mut vec![]).unwrap_err();
        assert!(e.message.contains("finite"), "{e}");
    }

    #[test]
    fn a_dt_below_the_resolution_of_time_is_an_error() {
        // 1e17 + 1 == 1e17: every step would have the same TIME.
        let e = run_specs(&specs(1e17, 1e17 + 1e3, 1.0, None), "m.xmile", &mut vec![]).unwrap_err();
        assert!(e.message.contains("too small") && e.message.contains("same TIME"), "{e}");
        // A dt of 1e-320 is many steps, counted as a float (not 2^64 - 1).
        let e = run_specs(&specs(0.0, 1.0, 1e-320, None), "m.xmile", &mut vec![]).unwrap_err();
        assert!(e.message.contains("steps") && !e.message.contains("18446744073709551615"), "{e}");
        // ... and quoted as 1e-320, not as its 320 decimal places.
        assert!(e.message.contains("dt 1e-320 ") && e.message.len() < 300, "{e}");
        // Near zero the same dt is fine.
        assert!(run_specs(&specs(0.0, 1e3, 1.0, None), "m", &mut vec![]).is_ok());
    }

    #[test]
    fn more_steps_than_the_budget_is_an_error_naming_how_to_raise_it() {
        let e = run_specs(&specs(0.0, 1e12, 1.0, None), "m.xmile", &mut vec![]).unwrap_err();
        assert!(e.message.contains("MILLRACE_MAX_STEPS"), "{e}");
    }

    #[test]
    fn the_method_is_read_in_any_case_and_unknown_ones_warn() {
        let run = |name: &str| {
            let mut w = vec![];
            let mut s = specs(0.0, 1.0, 1.0, None);
            s.method = Some(name.into());
            let method = run_specs(&s, "m", &mut w).unwrap().method;
            (method, w)
        };
        for (name, method) in
            [("Euler", Method::Euler), ("RK4", Method::Rk4), (" rk2 ", Method::Rk2), ("", Method::Euler)]
        {
            let (m, w) = run(name);
            assert_eq!((m, w.len()), (method, 0), "{name}");
        }
        let (m, w) = run("RK45");
        assert_eq!(m, Method::Rk4);
        assert!(w[0].message.contains("RK45") && w[0].message.contains("fixed-step RK4"), "{}", w[0].message);
        let (m, w) = run("Gear");
        assert_eq!(m, Method::Euler);
        assert!(w[0].message.contains("Gear"), "{}", w[0].message);
    }
}
