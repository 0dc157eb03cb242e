//! Arrays: `<dimensions>` (in the header or a model) and the array part of a variable
//! (its `<dimensions>` and its `<element subscript="...">` definitions). Giving them
//! meaning (which element a subscript names, how an equation applies to all
//! elements) is the compiler's job (`compile/arrays/`).

use super::values::equation_child;
use super::{Ctx, gf};
use crate::datamodel::{ArraySpec, DimMapping, Dimension, ElementDef, Equation};
use crate::error::Error;
use crate::xml::Element;

/// The `<dim>`s of a `<dimensions>` list, appended to `out` in file order. A `<dim>`
/// with `size="n"` and no `<elem>` has the elements `1` .. `n`.
pub(super) fn read_dimensions(ctx: &Ctx<'_>, dimensions: &Element, out: &mut Vec<Dimension>) -> Result<(), Error> {
    for dim in dimensions.children_named("dim") {
        let name = match dim.attr("name") {
            Some(n) if !n.trim().is_empty() => n.to_owned(),
            _ => return Err(ctx.error(dim.line, "<dim> without a name")),
        };
        let mut elements: Vec<String> = Vec::new();
        for elem in dim.children_named("elem") {
            match elem.attr("name") {
                Some(n) if !n.trim().is_empty() => elements.push(n.to_owned()),
                _ => return Err(ctx.error(elem.line, format!("an <elem> of dimension `{name}` has no name"))),
            }
        }
        if elements.is_empty() {
            let size = dim.attr("size").map(str::trim);
            match size.and_then(|s| s.parse::<usize>().ok()) {
                Some(n) if n > 0 => elements = (1..=n).map(|i| i.to_string()).collect(),
                _ => {
                    return Err(ctx.error(
                        dim.line,
                        format!("dimension `{name}` has no <elem> and no size (a positive whole number)"),
                    ));
                }
            }
        }
        out.push(Dimension { name, elements, mappings: mappings(dim), numbered_in: None, line: dim.line });
    }
    Ok(())
}

/// `<isee:maps_to>target</isee:maps_to>` and `<simlin:mapping target="t"><simlin:elem
/// from="a" to="b"/>...</simlin:mapping>` inside a `<dim>` (vendor elements: the only
/// way XMILE files declare Vensim's subscript mappings).
fn mappings(dim: &Element) -> Vec<DimMapping> {
    let mut out = Vec::new();
    for m in dim.children_named("maps_to") {
        let target = m.trimmed_text();
        if !target.is_empty() {
            out.push(DimMapping { target: target.to_owned(), pairs: Vec::new() });
        }
    }
    for m in dim.children_named("mapping") {
        let Some(target) = m.attr_local("target") else { continue };
        let pairs = m
            .children_named("elem")
            .filter_map(|e| Some((e.attr_local("from")?.to_owned(), e.attr_local("to")?.to_owned())))
            .collect();
        out.push(DimMapping { target: target.to_owned(), pairs });
    }
    out
}

/// The array part of a variable: `Some` when its `<dimensions>` names a `<dim>`.
/// `<element>`s without dimensions are an error (they have nothing to index).
pub(super) fn read_variable(ctx: &Ctx<'_>, variable: &Element) -> Result<Option<ArraySpec>, Error> {
    let dims: Vec<String> = variable
        .children_named("dimensions")
        .flat_map(|d| d.children_named("dim"))
        .filter_map(|d| d.attr("name"))
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let mut elements = Vec::new();
    for element in variable.children_named("element") {
        let Some(subscript) = element.attr("subscript") else {
            return Err(ctx.error(element.line, "<element> without a subscript attribute"));
        };
        let gf = match element.child("gf") {
            Some(table) => Some(gf::read_gf(ctx, table, None)?),
            None => None,
        };
        elements.push(ElementDef {
            subscript: subscript.split(',').map(|s| s.trim().to_owned()).collect(),
            eqn: equation_child(element, "eqn"),
            init_eqn: equation_child(element, "init_eqn"),
            gf,
            written: Vec::new(),
            line: element.line,
        });
    }
    if dims.is_empty() {
        return match elements.first() {
            Some(e) => Err(ctx.error(e.line, "<element> in a variable without <dimensions>")),
            None => Ok(None),
        };
    }
    let line = variable.child("dimensions").map_or(variable.line, |d| d.line);
    let eqns: Vec<Equation> = variable
        .children_named("eqn")
        .filter(|c| !c.trimmed_text().is_empty())
        .map(|c| Equation { text: c.trimmed_text().to_owned(), line: c.text_line })
        .collect();
    let positional = if eqns.len() > 1 { eqns } else { Vec::new() };
    Ok(Some(ArraySpec { dims, elements, positional, sparse: false, line }))
}

#[cfg(test)]
mod tests {
    use crate::xmile::test_support::{read_err, read_ok, var, wrap};

    #[test]
    fn dimensions_named_and_sized_in_header_and_model() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <dimensions>\n<dim name=\"d\"><elem name=\"a\"/><elem name=\"B b\"/></dim>\n<dim name=\"n\" size=\"3\"/>\n</dimensions>\n\
            <model><dimensions><dim name=\"m\"><elem name=\"x\"/></dim></dimensions><variables/></model></xmile>";
        let p = read_ok(text);
        let names: Vec<_> = p.dimensions.iter().map(|d| (d.name.as_str(), d.elements.join("|"), d.line)).collect();
        assert_eq!(names, [("d", "a|B b".to_owned(), 4), ("n", "1|2|3".to_owned(), 5), ("m", "x".to_owned(), 7)]);
    }

    #[test]
    fn vendor_mappings_are_read() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n<dimensions>\n\
            <dim name=\"p\"><elem name=\"a\"/><isee:maps_to>q</isee:maps_to>\
            <simlin:mapping target=\"r\"><simlin:elem from=\"a\" to=\"x\"/></simlin:mapping></dim>\n\
            </dimensions>\n<model><variables/></model></xmile>";
        let p = read_ok(text);
        let m = &p.dimensions[0].mappings;
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].target.as_str(), m[0].pairs.len()), ("q", 0));
        assert_eq!(m[1].target, "r");
        assert_eq!(m[1].pairs, [("a".to_owned(), "x".to_owned())]);
    }

    #[test]
    fn a_dim_needs_elements_or_a_size() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <dimensions>\n<dim name=\"d\" size=\"x\"/>\n</dimensions>\n<model><variables/></model></xmile>";
        let d = read_err(text);
        assert!(d.message.contains("dimension `d` has no <elem>"), "{}", d.message);
        assert_eq!(d.line, Some(4));
    }

    #[test]
    fn empty_dimensions_are_fine() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <dimensions/>\n<model><variables><aux name=\"a\"><dimensions/><eqn>1</eqn></aux></variables></model></xmile>";
        let p = read_ok(text);
        assert_eq!(p.models[0].variables.len(), 1);
        assert_eq!(p.models[0].variables[0].array, None);
    }

    #[test]
    fn arrayed_variables_keep_dims_and_elements() {
        let v = var("<aux name=\"b\">\n<dimensions><dim name=\"d\"/><dim name=\"e\"/></dimensions>\n\
            <element subscript=\"a, x\"><eqn>1</eqn></element>\n\
            <element subscript=\"b,y\"><gf><xpts>0,1</xpts><ypts>0,2</ypts></gf><eqn>TIME</eqn></element></aux>");
        let array = v.array.expect("arrayed");
        assert_eq!(array.dims, ["d", "e"]);
        assert_eq!(array.line, 5);
        assert_eq!(array.elements.len(), 2);
        assert_eq!(array.elements[0].subscript, ["a", "x"]);
        assert_eq!(array.elements[0].eqn.as_ref().map(|e| e.text.as_str()), Some("1"));
        assert_eq!(array.elements[1].subscript, ["b", "y"]);
        assert!(array.elements[1].gf.is_some());
        assert_eq!(array.elements[1].line, 7);
    }

    #[test]
    fn several_eqns_are_one_per_element() {
        let v =
            var("<aux name=\"b\"><dimensions><dim name=\"d\"/></dimensions>\n<eqn>1</eqn>\n<eqn> TIME </eqn></aux>");
        let texts: Vec<_> = v.array.expect("arrayed").positional.iter().map(|e| (e.text.clone(), e.line)).collect();
        assert_eq!(texts, [("1".to_owned(), 5), ("TIME".to_owned(), 6)]);
    }

    #[test]
    fn elements_without_dimensions_are_an_error() {
        let d = read_err(&wrap("<stock name=\"s\">\n<element subscript=\"a\"><eqn>1</eqn></element></stock>"));
        assert!(d.message.contains("without <dimensions>"), "{}", d.message);
        assert_eq!(d.line, Some(5));
        assert_eq!(d.variable.as_deref(), Some("s"));
    }
}
