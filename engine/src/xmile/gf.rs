//! Graphical functions (`<gf>`): lookup tables, attached to a variable or standalone.
//!
//! Points come from `<xpts>` + `<ypts>`, or from `<xscale min max>` + `<ypts>` with the
//! xs spread evenly. `<yscale>` only sizes the graph and is ignored.

use super::Ctx;
use super::values::{number_attr, parse_number};
use crate::datamodel::{GfKind, GraphicalFunction};
use crate::error::Error;
use crate::xml::Element;

/// Reads a `<gf>`; `name` is `Some` for a standalone one.
pub(super) fn read_gf(ctx: &Ctx<'_>, element: &Element, name: Option<String>) -> Result<GraphicalFunction, Error> {
    let kind = kind(ctx, element)?;
    let Some(ypts) = element.child("ypts") else {
        return Err(ctx.error(element.line, "graphical function without <ypts>"));
    };
    let ys = points(ctx, ypts)?;
    if ys.is_empty() {
        return Err(ctx.error(ypts.line, "graphical function with no points"));
    }

    let xs = if let Some(xpts) = element.child("xpts") {
        let xs = points(ctx, xpts)?;
        if xs.len() != ys.len() {
            return Err(
                ctx.error(xpts.line, format!("graphical function has {} x values but {} y values", xs.len(), ys.len()))
            );
        }
        xs
    } else if let Some(xscale) = element.child("xscale") {
        spread(ctx, xscale, ys.len())?
    } else {
        return Err(ctx.error(element.line, "graphical function needs <xpts> or <xscale>"));
    };

    if let Some(i) = xs.windows(2).position(|w| w[1] < w[0]) {
        return Err(ctx.error(
            element.line,
            format!("graphical function x values must not decrease ({} comes after {})", xs[i + 1], xs[i]),
        ));
    }

    Ok(GraphicalFunction { name, kind, xs, ys, line: element.line })
}

/// `type="continuous|extrapolate|discrete"` (any case; continuous by default). Older
/// files write `discrete="true"` instead.
fn kind(ctx: &Ctx<'_>, element: &Element) -> Result<GfKind, Error> {
    let Some(written) = element.attr("type") else {
        let discrete = element.attr("discrete").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        return Ok(if discrete { GfKind::Discrete } else { GfKind::Continuous });
    };
    match written.trim().to_ascii_lowercase().as_str() {
        "continuous" | "" => Ok(GfKind::Continuous),
        "extrapolate" => Ok(GfKind::Extrapolate),
        "discrete" => Ok(GfKind::Discrete),
        _ => Err(ctx.error(
            element.line,
            format!("unknown graphical function type `{written}` (expected continuous, extrapolate or discrete)"),
        )),
    }
}

/// The numbers of an `<xpts>`/`<ypts>`: separated by `sep` (default `,`) and/or blanks.
fn points(ctx: &Ctx<'_>, element: &Element) -> Result<Vec<f64>, Error> {
    let sep = element.attr("sep").filter(|s| !s.is_empty()).unwrap_or(",");
    element
        .text
        .split(sep)
        .flat_map(str::split_whitespace)
        .map(|token| {
            parse_number(token).ok_or_else(|| {
                ctx.error(element.text_line, format!("<{}> holds `{token}`, which is not a number", element.name))
            })
        })
        .collect()
}

/// `n` xs spread evenly over `<xscale min max>`: x_i = min + i*(max-min)/(n-1).
fn spread(ctx: &Ctx<'_>, xscale: &Element, n: usize) -> Result<Vec<f64>, Error> {
    let bound = |name: &str| {
        number_attr(ctx, xscale, name)?
            .ok_or_else(|| ctx.error(xscale.line, format!("<xscale> has no {name} attribute")))
    };
    let min = bound("min")?;
    let max = bound("max")?;
    if n == 1 {
        return Ok(vec![min]);
    }
    let intervals = (n - 1) as f64;
    let xs: Vec<f64> = (0..n).map(|i| min + i as f64 * (max - min) / intervals).collect();
    // max - min overflows when the bounds are finite but far apart; the knots must be
    // numbers (the backends' searches agree only on ordered knots, which NaN is not).
    if xs.iter().any(|x| !x.is_finite()) {
        return Err(ctx.error(xscale.line, format!("<xscale> from {min} to {max} is too wide: its x values overflow")));
    }
    Ok(xs)
}

#[cfg(test)]
mod tests {
    use crate::datamodel::{GfKind, GraphicalFunction, VarKind};
    use crate::xmile::test_support::{read_err, var, wrap};

    fn attached(gf: &str) -> GraphicalFunction {
        let v = var(&format!("<aux name=\"a\"><eqn>time</eqn>\n{gf}\n</aux>"));
        match v.gf {
            Some(gf) => gf,
            None => panic!("no gf on {v:?}"),
        }
    }

    fn gf_error(gf: &str) -> crate::error::Diagnostic {
        read_err(&wrap(&format!("<aux name=\"a\"><eqn>time</eqn>\n{gf}\n</aux>")))
    }

    #[test]
    fn xpts_and_ypts() {
        let gf = attached("<gf><yscale min=\"0\" max=\"1\"/><xpts>0,1.25, 2</xpts><ypts>1,0.5,0</ypts></gf>");
        assert_eq!(gf.name, None);
        assert_eq!(gf.kind, GfKind::Continuous);
        assert_eq!(gf.xs, [0.0, 1.25, 2.0]);
        assert_eq!(gf.ys, [1.0, 0.5, 0.0]);
        assert_eq!(gf.line, 5);
    }

    #[test]
    fn separators_and_blanks() {
        let gf = attached("<gf><xpts sep=\";\">0;5;\n10</xpts><ypts sep=\";\">0; -1 ;1</ypts></gf>");
        assert_eq!(gf.xs, [0.0, 5.0, 10.0]);
        assert_eq!(gf.ys, [0.0, -1.0, 1.0]);
        let gf = attached("<gf><xpts>0 1\n2</xpts><ypts>\n3\n4\n5\n</ypts></gf>");
        assert_eq!(gf.xs, [0.0, 1.0, 2.0]);
        assert_eq!(gf.ys, [3.0, 4.0, 5.0]);
    }

    #[test]
    fn xscale_spreads_the_xs_evenly() {
        let gf = attached("<gf><ypts>0,0,1,1</ypts><xscale min=\"0\" max=\"45\"></xscale></gf>");
        assert_eq!(gf.xs, [0.0, 15.0, 30.0, 45.0]);
        let gf = attached("<gf><xscale min=\"0.1\" max=\"0.7\"/><ypts>0,0,1,1,2,2,3</ypts></gf>");
        let expected: Vec<f64> = (0..7).map(|i| 0.1 + i as f64 * (0.7 - 0.1) / 6.0).collect();
        assert_eq!(gf.xs, expected);
        let gf = attached("<gf><xscale min=\"2\" max=\"3\"/><ypts>7</ypts></gf>");
        assert_eq!(gf.xs, [2.0]);
        assert_eq!(gf.ys, [7.0]);
    }

    #[test]
    fn xpts_win_over_xscale() {
        let gf = attached("<gf><xscale min=\"0\" max=\"100\"/><xpts>0,1</xpts><ypts>5,6</ypts></gf>");
        assert_eq!(gf.xs, [0.0, 1.0]);
    }

    #[test]
    fn kinds() {
        let kind = |attrs: &str| attached(&format!("<gf{attrs}><xpts>0,1</xpts><ypts>0,1</ypts></gf>")).kind;
        assert_eq!(kind(""), GfKind::Continuous);
        assert_eq!(kind(" type=\"continuous\""), GfKind::Continuous);
        assert_eq!(kind(" type=\"Extrapolate\""), GfKind::Extrapolate);
        assert_eq!(kind(" type=\"DISCRETE\""), GfKind::Discrete);
        assert_eq!(kind(" discrete=\"false\""), GfKind::Continuous);
        assert_eq!(kind(" discrete=\"true\""), GfKind::Discrete);
        let d = gf_error("<gf type=\"wiggly\"><xpts>0,1</xpts><ypts>0,1</ypts></gf>");
        assert!(d.message.contains("wiggly"), "{}", d.message);
        assert_eq!(d.line, Some(5));
        assert_eq!(d.variable.as_deref(), Some("a"));
    }

    #[test]
    fn standalone_gf_is_an_aux_without_equation() {
        let v = var("<gf name=\"lookup table\"><xpts>0,5</xpts><ypts>0,1</ypts></gf>");
        assert_eq!(v.name, "lookup table");
        assert_eq!(v.kind, VarKind::Aux);
        assert_eq!(v.eqn, None);
        assert_eq!(v.line, 4);
        let gf = v.gf.expect("a gf");
        assert_eq!(gf.name.as_deref(), Some("lookup table"));
        assert_eq!(gf.xs, [0.0, 5.0]);
    }

    #[test]
    fn errors() {
        let d = gf_error("<gf><xpts>0,1</xpts></gf>");
        assert!(d.message.contains("<ypts>"), "{}", d.message);
        assert_eq!(d.line, Some(5));
        let d = gf_error("<gf><xpts>0,1,2</xpts><ypts>0,1</ypts></gf>");
        assert!(d.message.contains("3 x values but 2 y values"), "{}", d.message);
        let d = gf_error("<gf><xpts>0,1</xpts>\n<ypts>0,x</ypts></gf>");
        assert!(d.message.contains("`x`"), "{}", d.message);
        assert_eq!(d.line, Some(6));
        let d = gf_error("<gf><xpts>0,2,1</xpts><ypts>0,1,2</ypts></gf>");
        assert!(d.message.contains("must not decrease"), "{}", d.message);
        let d = gf_error("<gf><xpts></xpts><ypts> </ypts></gf>");
        assert!(d.message.contains("no points"), "{}", d.message);
        let d = gf_error("<gf><ypts>0,1</ypts></gf>");
        assert!(d.message.contains("<xpts> or <xscale>"), "{}", d.message);
        let d = gf_error("<gf><xscale min=\"-1e308\" max=\"1e308\"/><ypts>0,1,2</ypts></gf>");
        assert!(d.message.contains("too wide"), "{}", d.message);
        let d = gf_error("<gf><xscale min=\"0\"/><ypts>0,1</ypts></gf>");
        assert!(d.message.contains("max"), "{}", d.message);
        let d = read_err(&wrap("<gf><xpts>0</xpts><ypts>0</ypts></gf>"));
        assert!(d.message.contains("name"), "{}", d.message);
    }
}
