//! The variables of a model or macro: `<stock>`, `<flow>`, `<aux>`, `<module>` and
//! standalone `<gf>`.
//!
//! Two kinds of nesting are flattened: `<group>` elements inside `<variables>`, and
//! variable elements found inside another variable, which is what a forgotten end
//! tag produces (`<flow>` never closed, the following `<stock>`s end up inside it).
//! Those are read as the siblings they were meant to be.

use super::values::{equation_child, flag_in};
use super::{Ctx, arrays, gf, in_variable, modules};
use crate::datamodel::{Access, Notes, VarKind, Variable};
use crate::error::Error;
use crate::xml::Element;

/// Appends the variables listed in `list` (a `<variables>` or `<group>`) to `out`, in
/// document order.
pub(super) fn read_variables(ctx: &mut Ctx<'_>, list: &Element, out: &mut Vec<Variable>) -> Result<(), Error> {
    // Vendor elements (`isee:dependencies`...) are not variables.
    for child in list.children.iter().filter(|c| !c.is_prefixed()) {
        match child.name.as_str() {
            "stock" | "flow" | "aux" | "module" => read_nested(ctx, child, out)?,
            "gf" => out.push(standalone_gf(ctx, child)?),
            "group" => read_variables(ctx, child, out)?,
            _ => {}
        }
    }
    Ok(())
}

/// Reads `element`, then any variable elements stuck inside it by a missing end tag.
fn read_nested(ctx: &mut Ctx<'_>, element: &Element, out: &mut Vec<Variable>) -> Result<(), Error> {
    out.push(read_variable(ctx, element)?);
    for child in &element.children {
        if is_variable_element(child) {
            read_nested(ctx, child, out)?;
        }
    }
    Ok(())
}

fn is_variable_element(element: &Element) -> bool {
    matches!(element.name.as_str(), "stock" | "flow" | "aux" | "module")
}

/// Reads one `<stock>`, `<flow>`, `<aux>` or `<module>`.
fn read_variable(ctx: &mut Ctx<'_>, element: &Element) -> Result<Variable, Error> {
    let name = variable_name(ctx, element)?;
    read_variable_body(ctx, element, &name).map_err(|e| in_variable(e, &name))
}

fn read_variable_body(ctx: &mut Ctx<'_>, element: &Element, name: &str) -> Result<Variable, Error> {
    let kind = match element.name.as_str() {
        "stock" => VarKind::Stock { inflows: flow_names(element, "inflow"), outflows: flow_names(element, "outflow") },
        "flow" => VarKind::Flow,
        "module" => modules::read_module(ctx, element, name)?,
        _ => VarKind::Aux,
    };
    refuse_what_would_be_ignored(ctx, element, &kind, name)?;
    let non_negative = match (&kind, element.child("non_negative")) {
        (VarKind::Stock { .. } | VarKind::Flow, Some(flag)) => Some(flag_in(ctx, flag)?),
        _ => None,
    };
    let gf = match (&kind, element.child("gf")) {
        (VarKind::Aux | VarKind::Flow, Some(table)) => Some(gf::read_gf(ctx, table, None)?),
        _ => None,
    };
    Ok(Variable {
        name: name.to_owned(),
        kind,
        eqn: equation_child(element, "eqn"),
        init_eqn: equation_child(element, "init_eqn"),
        gf,
        non_negative,
        access: access(ctx, element, name),
        notes: notes(element),
        array: arrays::read_variable(ctx, element)?,
        line: element.line,
    })
}

/// What a variable element may hold that this reader would otherwise drop in silence,
/// changing the model's meaning: each is an error (a warning is only for what cannot
/// change a result).
/// - Conveyor and queue stocks need their own stepping, which does not exist yet.
/// - A second `<eqn>` (which one would count?), an element inside an equation (`TIME + 1
///   <b/> + 2`, or an unescaped `<` that the XML parser read as a tag).
/// - A `<gf>` on a stock (a stock's value is integrated, never looked up).
fn refuse_what_would_be_ignored(ctx: &Ctx<'_>, element: &Element, kind: &VarKind, name: &str) -> Result<(), Error> {
    if let VarKind::Stock { .. } = kind {
        for special in ["conveyor", "queue"] {
            if let Some(child) = element.child(special) {
                let message = format!("`{name}` is a {special}, which Millrace does not support yet");
                return Err(ctx.error(child.line, message));
            }
        }
        if let Some(table) = element.child("gf") {
            return Err(ctx.error(table.line, format!("stock `{name}` has a <gf>: a stock's value is integrated")));
        }
    }
    for local in ["eqn", "init_eqn"] {
        // An arrayed variable's several <eqn>s are one per element (`xmile/arrays.rs`).
        let arrayed = element.child("dimensions").is_some_and(|d| d.child("dim").is_some());
        let mut equations = element.children_named(local);
        if let (Some(_), Some(second), false) = (equations.next(), equations.next(), arrayed) {
            return Err(ctx.error(second.line, format!("`{name}` has a second <{local}>")));
        }
        if let Some(inner) = element.child(local).and_then(|e| e.children.first()) {
            let message = format!(
                "the <{local}> of `{name}` holds an element <{}>: an equation is text (write `<` as `&lt;`)",
                inner.name
            );
            return Err(ctx.error(inner.line, message));
        }
    }
    Ok(())
}

/// The `name` attribute, as written; a variable without one is an error.
fn variable_name(ctx: &Ctx<'_>, element: &Element) -> Result<String, Error> {
    match element.attr("name") {
        Some(name) if !name.trim().is_empty() => Ok(name.to_owned()),
        _ => Err(ctx.error(element.line, format!("<{}> without a name", element.name))),
    }
}

/// The names in the `<inflow>` or `<outflow>` children of a stock, as written.
fn flow_names(stock: &Element, local: &str) -> Vec<String> {
    stock.children_named(local).map(Element::trimmed_text).filter(|n| !n.is_empty()).map(str::to_owned).collect()
}

/// `<units>`, `<doc>` and `<range min=".." max="..">` (a range whose bounds are not
/// both numbers, or are reversed, is left out: it documents nothing usable).
fn notes(element: &Element) -> Notes {
    let text = |local: &str| element.child(local).map(|c| c.trimmed_text().to_owned()).filter(|t| !t.is_empty());
    let bound = |r: &Element, a: &str| r.attr(a).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
    let range = element.child("range").and_then(|r| match (bound(r, "min"), bound(r, "max")) {
        (Some(lo), Some(hi)) if lo <= hi => Some((lo, hi)),
        _ => None,
    });
    // A doc's line breaks and indentation are the file's layout, not its content.
    let doc = text("doc").map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
    Notes { units: text("units"), doc, range }
}

/// `access="input"|"output"` (any case). Anything else is ignored with a warning.
fn access(ctx: &mut Ctx<'_>, element: &Element, name: &str) -> Option<Access> {
    let written = element.attr("access")?;
    match written.trim().to_ascii_lowercase().as_str() {
        "input" => Some(Access::Input),
        "output" => Some(Access::Output),
        _ => {
            ctx.warn(
                element.line,
                format!("`{name}` has access=\"{written}\", which is neither input nor output: ignored"),
            );
            None
        }
    }
}

/// A standalone `<gf name="...">`: an aux without equation, callable as a lookup.
fn standalone_gf(ctx: &Ctx<'_>, element: &Element) -> Result<Variable, Error> {
    let name = variable_name(ctx, element)?;
    let table = gf::read_gf(ctx, element, Some(name.clone())).map_err(|e| in_variable(e, &name))?;
    Ok(Variable {
        name,
        kind: VarKind::Aux,
        eqn: None,
        init_eqn: None,
        gf: Some(table),
        non_negative: None,
        access: None,
        notes: notes(element),
        array: None,
        line: element.line,
    })
}

#[cfg(test)]
mod tests {
    use crate::datamodel::{Access, Equation, VarKind};
    use crate::error::Severity;
    use crate::xmile::test_support::{read_err, read_ok, var, vars, wrap};

    #[test]
    fn stock_with_flows_and_initial_value() {
        let v = var("<stock name=\"Teacup Temperature\">\n<doc>d</doc><units>F</units>\n\
             <inflow>a</inflow><outflow>\"Heat Loss\"</outflow><inflow> b </inflow>\n\
             <eqn>180</eqn>\n</stock>");
        assert_eq!(v.name, "Teacup Temperature");
        assert_eq!(v.line, 4);
        assert_eq!(
            v.kind,
            VarKind::Stock { inflows: vec!["a".into(), "b".into()], outflows: vec!["\"Heat Loss\"".into()] }
        );
        assert_eq!(v.eqn, Some(Equation { text: "180".into(), line: 7 }));
        assert_eq!(v.non_negative, None);
        assert_eq!(v.gf, None);
    }

    #[test]
    fn flows_and_auxes() {
        let all = vars("<flow name=\"f\"><eqn>a*b</eqn></flow>\n<aux name=\"a\"><eqn>1</eqn></aux>");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].kind, VarKind::Flow);
        assert_eq!(all[1].kind, VarKind::Aux);
        assert_eq!(all[1].line, 5);
    }

    #[test]
    fn equations_are_trimmed_unescaped_and_located() {
        let v = var("<aux name=\"a\"><eqn>\n\n   IF Time &gt; 10\n   THEN 1 ELSE 0  \n</eqn></aux>");
        let eqn = v.eqn.expect("an equation");
        assert_eq!(eqn.text, "IF Time > 10\n   THEN 1 ELSE 0");
        assert_eq!(eqn.line, 6);
        let v = var("<aux name=\"a\">\n<eqn>x +\ny</eqn></aux>");
        assert_eq!(v.eqn.expect("an equation").line, 5);
    }

    #[test]
    fn blank_equations_are_none() {
        assert_eq!(var("<aux name=\"a\"><eqn/></aux>").eqn, None);
        assert_eq!(var("<aux name=\"a\"><eqn>  \n </eqn></aux>").eqn, None);
        assert_eq!(var("<flow name=\"input\"/>").eqn, None);
    }

    #[test]
    fn init_eqn_is_read() {
        let v = var("<aux name=\"a\"><eqn>x</eqn><init_eqn> 5 </init_eqn></aux>");
        assert_eq!(v.eqn.map(|e| e.text), Some("x".into()));
        assert_eq!(v.init_eqn.map(|e| e.text), Some("5".into()));
    }

    #[test]
    fn non_negative_forms() {
        let nn = |inner: &str| var(&format!("<stock name=\"s\"><eqn>1</eqn>{inner}</stock>")).non_negative;
        assert_eq!(nn(""), None);
        assert_eq!(nn("<non_negative/>"), Some(true));
        assert_eq!(nn("<non_negative> TruE  </non_negative>"), Some(true));
        assert_eq!(nn("<non_negative>FALSE  </non_negative>"), Some(false));
        let v = var("<flow name=\"f\"><eqn>1</eqn><non_negative/></flow>");
        assert_eq!(v.non_negative, Some(true));
        let v = var("<aux name=\"a\"><eqn>1</eqn><non_negative/></aux>");
        assert_eq!(v.non_negative, None, "only stocks and flows can be non-negative");
        let d = read_err(&wrap("<stock name=\"s\">\n<non_negative>maybe</non_negative></stock>"));
        assert!(d.message.contains("maybe"), "{}", d.message);
        assert_eq!(d.line, Some(5));
        assert_eq!(d.variable.as_deref(), Some("s"));
    }

    #[test]
    fn access_attribute() {
        let all = vars(
            "<aux name=\"i\" access=\"input\"><eqn>1</eqn></aux>\n\
             <aux name=\"o\" access=\"Output\"><eqn>1</eqn></aux>\n\
             <aux name=\"n\"><eqn>1</eqn></aux>",
        );
        let access: Vec<_> = all.iter().map(|v| v.access).collect();
        assert_eq!(access, [Some(Access::Input), Some(Access::Output), None]);
        let p = read_ok(&wrap("<aux name=\"x\" access=\"both\"><eqn>1</eqn></aux>"));
        assert_eq!(p.models[0].variables[0].access, None);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].severity, Severity::Warning);
    }

    #[test]
    fn attached_gf_on_aux_and_flow() {
        let all = vars(
            "<aux name=\"a\"><eqn>t</eqn><gf><xpts>0,1</xpts><ypts>0,1</ypts></gf></aux>\n\
             <flow name=\"f\"><eqn>t</eqn><gf><xpts>0,1</xpts><ypts>0,1</ypts></gf></flow>",
        );
        assert!(all.iter().all(|v| v.gf.as_ref().is_some_and(|g| g.name.is_none())));
        assert!(all.iter().all(|v| v.eqn.is_some()));
    }

    #[test]
    fn display_and_vendor_content_is_ignored() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <isee:prefs show_module_prefix=\"true\"/>\n<model_units><unit name=\"D\"><eqn>$</eqn></unit></model_units>\n\
            <model><variables>\n<aux name=\"a\"><isee:delay_aux/><eqn>1</eqn><format precision=\"1\"/>\
            <range min=\"0\" max=\"1\"/><scale min=\"0\" max=\"1\"/></aux>\n\
            <isee:dependencies><var name=\"a\"><in>b</in></var></isee:dependencies>\n</variables>\n\
            <views><view><aux name=\"a\" x=\"1\" y=\"2\"/><stock name=\"s\"/></view></views>\n</model></xmile>";
        let p = read_ok(text);
        assert_eq!(p.models[0].variables.len(), 1);
        assert_eq!(p.models[0].variables[0].eqn.as_ref().map(|e| e.text.as_str()), Some("1"));
    }

    #[test]
    fn groups_in_variables_are_flattened() {
        let all = vars(
            "<group name=\"g\"><entity name=\"a\"/><aux name=\"a\"><eqn>1</eqn></aux>\
             <group name=\"h\"><flow name=\"f\"/></group></group>\n<aux name=\"b\"/>",
        );
        let names: Vec<_> = all.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["a", "f", "b"]);
    }

    #[test]
    fn variables_inside_an_unclosed_variable_are_siblings() {
        let text = wrap(
            "<flow name=\"f\">\n<eqn>1</eqn>\n<stock name=\"s\">\n<eqn>10</eqn>\n</stock>\n\
             <aux name=\"a\"><eqn>2</eqn></aux>",
        );
        let p = read_ok(&text);
        let names: Vec<_> = p.models[0].variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["f", "s", "a"]);
        assert_eq!(p.models[0].variables[0].eqn.as_ref().map(|e| e.text.as_str()), Some("1"));
        assert_eq!(p.models[0].variables[1].line, 6);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].message, "<flow> opened at line 4 is not closed before </variables>");
        assert_eq!(p.warnings[0].file.as_deref(), Some("test.xmile"));
    }

    #[test]
    fn what_would_be_dropped_in_silence_is_an_error() {
        for (body, says) in [
            ("<aux name=\"a\"><eqn>TIME + 1 <b/> + 2</eqn></aux>", "holds an element <b>"),
            ("<aux name=\"a\"><eqn>1</eqn><eqn>2</eqn></aux>", "second <eqn>"),
            ("<stock name=\"s\"><eqn>1</eqn><gf><ypts>0,1</ypts></gf></stock>", "has a <gf>"),
            ("<stock name=\"s\"><eqn>1</eqn><queue/></stock>", "is a queue"),
        ] {
            let d = read_err(&wrap(body));
            assert!(d.message.contains(says), "{body}: {}", d.message);
            assert!(d.line.is_some(), "{body}");
        }
    }

    #[test]
    fn a_variable_needs_a_name() {
        let d = read_err(&wrap("<aux><eqn>1</eqn></aux>"));
        assert!(d.message.contains("<aux> without a name"), "{}", d.message);
        assert_eq!(d.line, Some(4));
    }
}
