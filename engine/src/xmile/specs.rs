//! `<sim_specs>` (time bounds, step, save interval, method) and `<behavior>` (the
//! project-wide non-negative defaults).

use super::Ctx;
use super::values::{flag_in, number_in, parse_number};
use crate::datamodel::{Behavior, SimSpecs};
use crate::error::Error;
use crate::xml::Element;

/// Reads a top-level `<sim_specs>`; its children may come in any order.
pub(super) fn read_sim_specs(ctx: &Ctx<'_>, element: &Element) -> Result<SimSpecs, Error> {
    let required = |local: &str| {
        element
            .child(local)
            .ok_or_else(|| ctx.error(element.line, format!("<sim_specs> has no <{local}> (the {})", describe(local))))
    };
    let start = number_in(ctx, required("start")?, "the start time")?;
    let stop = number_in(ctx, required("stop")?, "the stop time")?;
    let dt_element = required("dt")?;
    let written_dt = number_in(ctx, dt_element, "the time step (dt)")?;
    let reciprocal = dt_element.attr("reciprocal").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let dt = if reciprocal { 1.0 / written_dt } else { written_dt };
    // Whether the step is usable (positive, finite) is the compiler's check, made
    // once for every reader (compile/specs.rs).

    Ok(SimSpecs {
        start,
        stop,
        dt,
        save_step: save_step(ctx, element)?,
        method: element.attr("method").map(str::to_owned),
        line: element.line,
    })
}

fn describe(local: &str) -> &'static str {
    match local {
        "start" => "start time",
        "stop" => "stop time",
        _ => "time step",
    }
}

/// The save interval: a `<savestep>` child (XMILE) or a `save_interval` attribute with
/// any prefix (Stella writes `isee:save_interval`). The element wins when both exist.
fn save_step(ctx: &Ctx<'_>, element: &Element) -> Result<Option<f64>, Error> {
    if let Some(child) = element.child("savestep") {
        return number_in(ctx, child, "the save interval (savestep)").map(Some);
    }
    let Some(raw) = element.attr_local("save_interval") else {
        return Ok(None);
    };
    match parse_number(raw) {
        Some(v) => Ok(Some(v)),
        None => {
            Err(ctx.error(element.line, format!("the save interval (save_interval) must be a number, not `{raw}`")))
        }
    }
}

/// Applies a top-level `<behavior>`: `<stock><non_negative/></stock>` and
/// `<flow><non_negative/></flow>` set the defaults for stocks and flows, a direct
/// `<non_negative/>` sets both. What a `<behavior>` does not mention is left alone.
pub(super) fn apply_behavior(ctx: &Ctx<'_>, element: &Element, behavior: &mut Behavior) -> Result<(), Error> {
    for child in element.children.iter().filter(|c| !c.is_prefixed()) {
        match child.local_name() {
            "non_negative" => {
                let on = flag_in(ctx, child)?;
                behavior.non_negative_stocks = on;
                behavior.non_negative_flows = on;
            }
            "stock" => {
                if let Some(flag) = child.child("non_negative") {
                    behavior.non_negative_stocks = flag_in(ctx, flag)?;
                }
            }
            "flow" => {
                if let Some(flag) = child.child("non_negative") {
                    behavior.non_negative_flows = flag_in(ctx, flag)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::datamodel::Behavior;
    use crate::xmile::test_support::{read_err, read_ok};

    fn specs(inner: &str) -> String {
        specs_with(inner, "")
    }

    fn specs_with(inner: &str, attrs: &str) -> String {
        format!(
            "<xmile>\n<sim_specs{attrs}>\n{inner}\n</sim_specs>\n\
             <model><variables><aux name=\"a\"><eqn>1</eqn></aux></variables></model>\n</xmile>"
        )
    }

    #[test]
    fn start_stop_dt_in_any_order_with_blanks() {
        let p = read_ok(&specs("<dt> 0.25 </dt><stop>\n30.0\n</stop><start>1</start>"));
        let s = &p.sim_specs;
        assert_eq!((s.start, s.stop, s.dt), (1.0, 30.0, 0.25));
        assert_eq!(s.save_step, None);
        assert_eq!(s.method, None);
        assert_eq!(s.line, 2);
    }

    #[test]
    fn reciprocal_dt_is_inverted() {
        let p = read_ok(&specs("<start>0</start><stop>1</stop><dt reciprocal=\"true\">32</dt>"));
        assert_eq!(p.sim_specs.dt, 1.0 / 32.0);
        let p = read_ok(&specs("<start>0</start><stop>1</stop><dt reciprocal=\"false\">4</dt>"));
        assert_eq!(p.sim_specs.dt, 4.0);
    }

    #[test]
    fn save_interval_from_attribute_or_element() {
        let base = "<start>0</start><stop>1</stop><dt>0.25</dt>";
        let p = read_ok(&specs_with(base, " isee:save_interval=\"2.000000\""));
        assert_eq!(p.sim_specs.save_step, Some(2.0));
        let p = read_ok(&specs(&format!("{base}<savestep>0.5</savestep>")));
        assert_eq!(p.sim_specs.save_step, Some(0.5));
        let p = read_ok(&specs_with(&format!("{base}<savestep>0.5</savestep>"), " isee:save_interval=\"2\""));
        assert_eq!(p.sim_specs.save_step, Some(0.5));
        let d = read_err(&specs_with(base, " isee:save_interval=\"often\""));
        assert!(d.message.contains("save interval"), "{}", d.message);
    }

    #[test]
    fn method_is_kept_as_written() {
        let p =
            read_ok(&specs_with("<start>0</start><stop>1</stop><dt>1</dt>", " method=\"RK4\" time_units=\"Month\""));
        assert_eq!(p.sim_specs.method.as_deref(), Some("RK4"));
    }

    #[test]
    fn missing_or_bad_values_are_errors_with_lines() {
        let d = read_err(&specs("<start>0</start><dt>1</dt>"));
        assert!(d.message.contains("<stop>"), "{}", d.message);
        assert_eq!(d.line, Some(2));
        let d = read_err(&specs("<start>0</start>\n<stop>ten</stop><dt>1</dt>"));
        assert!(d.message.contains("`ten`"), "{}", d.message);
        assert_eq!(d.line, Some(4));
        let d = read_err(&specs("<start>0</start><stop>1</stop>"));
        assert!(d.message.contains("<dt>"), "{}", d.message);
    }

    fn with_behavior(behavior: &str) -> Behavior {
        read_ok(&format!(
            "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
             {behavior}\n<model><variables/></model></xmile>"
        ))
        .behavior
    }

    #[test]
    fn behavior_sets_the_defaults() {
        assert_eq!(with_behavior(""), Behavior::default());
        let b = with_behavior("<behavior><stock><non_negative/></stock></behavior>");
        assert!(b.non_negative_stocks && !b.non_negative_flows);
        let b = with_behavior("<behavior><flow><non_negative/></flow></behavior>");
        assert!(!b.non_negative_stocks && b.non_negative_flows);
        let b = with_behavior("<behavior><non_negative/></behavior>");
        assert!(b.non_negative_stocks && b.non_negative_flows);
        let b = with_behavior("<behavior><non_negative/><flow><non_negative>false</non_negative></flow></behavior>");
        assert!(b.non_negative_stocks && !b.non_negative_flows);
    }
}
