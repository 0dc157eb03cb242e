//! Sim specs -> run geometry, with the checks a modeller needs to hear about.

use crate::datamodel::SimSpecs;
use crate::error::Diagnostic;
use crate::ir::Specs;

/// Validates the sim specs and fixes the step and save counts.
///
/// - `dt > 0`, `stop >= start`, all finite.
/// - Steps: `(stop - start) / dt`, taken as the nearest whole number when within 1e-9
///   (relative) of it, else rounded down: float noise in the specs must not add or drop
///   a step.
/// - Save interval (default: every DT) rounded to a whole number of DTs, at least one.
/// - Rows: `n_steps / save_every + 1`.
/// - Integration: Euler. A model declaring another method runs with Euler and gets a
///   warning (docs/semantics.md, "Integration").
pub fn run_specs(specs: &SimSpecs, file: &str, warnings: &mut Vec<Diagnostic>) -> Result<Specs, Diagnostic> {
    let at = |d: Diagnostic| d.at(Some(file), Some(specs.line));
    for (what, v) in [("start", specs.start), ("stop", specs.stop), ("dt", specs.dt)] {
        if !v.is_finite() {
            return Err(at(Diagnostic::error(format!("sim specs: {what} must be a finite number (got {v})"))));
        }
    }
    if specs.dt <= 0.0 {
        return Err(at(Diagnostic::error(format!("sim specs: dt must be positive (got {})", specs.dt))));
    }
    if specs.stop < specs.start {
        return Err(at(Diagnostic::error(format!(
            "sim specs: stop time {} is before start time {}",
            specs.stop, specs.start
        ))));
    }
    let n_steps = whole_count((specs.stop - specs.start) / specs.dt);
    if n_steps > MAX_STEPS {
        return Err(at(Diagnostic::error(format!(
            "sim specs: {n_steps} steps from {} to {} with dt {} is more than this engine runs ({MAX_STEPS})",
            specs.start, specs.stop, specs.dt
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
    if let Some(method) = specs.method.as_deref().map(str::trim)
        && !method.eq_ignore_ascii_case("euler")
    {
        warnings.push(at(Diagnostic::warning(format!(
            "integration method `{method}` is not supported; Millrace integrates with Euler"
        ))));
    }
    Ok(Specs {
        start: specs.start,
        stop: specs.stop,
        dt: specs.dt,
        save_every,
        n_steps,
        n_rows: n_steps / save_every + 1,
    })
}

/// More steps than this is surely a mistake in the specs (and would not fit in memory).
pub const MAX_STEPS: u64 = 1 << 40;

/// `x` as a whole count: the nearest integer when `x` is within 1e-9 (relative) of it,
/// else `floor(x)`.
fn whole_count(x: f64) -> u64 {
    let r = x.round();
    if (x - r).abs() <= 1e-9 * r.max(1.0) { r as u64 } else { x.floor() as u64 }
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
    fn other_methods_warn_and_run_euler() {
        let mut w = vec![];
        let mut s = specs(0.0, 1.0, 1.0, None);
        s.method = Some("RK4".into());
        run_specs(&s, "m", &mut w).unwrap();
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("RK4"));
    }
}
