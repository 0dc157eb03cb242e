//! Reading the small values XMILE elements hold: numbers, flags, equations.

use super::Ctx;
use crate::datamodel::Equation;
use crate::error::Error;
use crate::xml::Element;

/// A finite number, surrounding whitespace allowed (`" 1.000000 "`).
pub(super) fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The number held by `element`, or an error naming what it is for.
pub(super) fn number_in(ctx: &Ctx<'_>, element: &Element, what: &str) -> Result<f64, Error> {
    parse_number(&element.text).ok_or_else(|| {
        ctx.error(element.text_line, format!("{what} must be a number, not `{}`", element.trimmed_text()))
    })
}

/// A number in attribute `name` of `element`: `None` when the attribute is absent.
pub(super) fn number_attr(ctx: &Ctx<'_>, element: &Element, name: &str) -> Result<Option<f64>, Error> {
    let Some(raw) = element.attr(name) else {
        return Ok(None);
    };
    match parse_number(raw) {
        Some(v) => Ok(Some(v)),
        None => {
            Err(ctx
                .error(element.line, format!("attribute {name} of <{}> must be a number, not `{raw}`", element.name)))
        }
    }
}

/// `true` or `false` in any case, blanks around allowed; an empty element means true
/// (`<non_negative/>`).
pub(super) fn parse_flag(text: &str) -> Option<bool> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The flag held by `element` (see [`parse_flag`]), or an error.
pub(super) fn flag_in(ctx: &Ctx<'_>, element: &Element) -> Result<bool, Error> {
    parse_flag(&element.text).ok_or_else(|| {
        ctx.error(
            element.text_line,
            format!("<{}> must be empty, true or false, not `{}`", element.name, element.trimmed_text()),
        )
    })
}

/// The equation in the first child `<local>` of `element` (`eqn`, `init_eqn`): its
/// text trimmed, with the line where that text starts. Blank means no equation.
pub(super) fn equation_child(element: &Element, local: &str) -> Option<Equation> {
    let child = element.child(local)?;
    let text = child.trimmed_text();
    if text.is_empty() {
        return None;
    }
    Some(Equation { text: text.to_owned(), line: child.text_line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_allow_blanks_and_reject_the_rest() {
        assert_eq!(parse_number(" 1.000000\n"), Some(1.0));
        assert_eq!(parse_number("-2.5e-3"), Some(-0.0025));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1,5"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
    }

    #[test]
    fn flags_are_case_insensitive_and_empty_means_true() {
        assert_eq!(parse_flag(""), Some(true));
        assert_eq!(parse_flag("  "), Some(true));
        assert_eq!(parse_flag(" TruE  "), Some(true));
        assert_eq!(parse_flag("FALSE  "), Some(false));
        assert_eq!(parse_flag("yes"), None);
    }
}
