//! The one rule for a parameter value, wherever one is accepted: `run`/`plot --set`,
//! `session`'s `set`, `batch --sweep`/`--vary`/`--params` and every value a batch run is
//! given (a draw, a grid point, a row from Python). A value must be a finite number:
//! NaN or an infinity as a constant makes every result that depends on it NaN or
//! infinite without any error, so it is refused, naming the parameter.

/// `value` as the value of parameter `name`, or why it is refused.
pub fn check(name: &str, value: f64) -> Result<f64, String> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(format!("`{name}` = {value}: a parameter value must be a finite number (not NaN or infinite)"))
    }
}

/// Parses `text` as the value of parameter `name`. A number too large for an f64
/// (`1e400`) reads as infinite in Rust, so it is named as out of range rather than
/// passed on as `inf`.
pub fn parse(name: &str, text: &str) -> Result<f64, String> {
    let text = text.trim();
    let value = text.parse::<f64>().map_err(|_| format!("`{name}` = `{text}` is not a number"))?;
    let named_infinity = text.trim_start_matches(['+', '-']).to_ascii_lowercase().starts_with("inf");
    if value.is_infinite() && !named_infinity {
        return Err(format!(
            "`{name}` = `{text}` is out of range: a parameter value must be a finite number (at most {:e} in magnitude)",
            f64::MAX
        ));
    }
    check(name, value)
        .map_err(|_| format!("`{name}` = `{text}`: a parameter value must be a finite number (not NaN or infinite)"))
}

/// Parses a count (runs, samples, workers): a whole number from `min` to `max`,
/// written out or in e-notation (`1e5`, since counts this large are written so). The
/// error reads after the argument's name: `--jobs must be at least 1`.
pub fn count(text: &str, min: u64, max: u64) -> Result<u64, String> {
    let text = text.trim();
    let n = match text.parse::<u64>() {
        Ok(n) => Some(n),
        // A whole number in e-notation; above 2^53 an f64 is not every integer, and
        // anything that large is refused below anyway.
        Err(_) => {
            text.parse::<f64>().ok().filter(|v| v.fract() == 0.0 && *v >= 0.0).map(|v| v.min(u64::MAX as f64) as u64)
        }
    };
    match n {
        Some(n) if n < min => Err(format!("must be at least {min}")),
        Some(n) if n > max => Err(format!("must be at most {max}")),
        Some(n) => Ok(n),
        None => Err(format!("must be a whole number, not `{text}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_numbers_are_parameter_values() {
        assert_eq!(parse("k", " 2.5 "), Ok(2.5));
        assert_eq!(parse("k", "-1e308"), Ok(-1e308));
        for (text, want) in [
            ("NaN", "finite"),
            ("inf", "finite"),
            ("-infinity", "finite"),
            ("1e400", "out of range"),
            ("x", "not a number"),
        ] {
            let err = parse("k", text).unwrap_err();
            assert!(err.contains(want) && err.contains("`k`"), "{text}: {err}");
        }
        assert!(check("k", f64::NAN).is_err());
        assert_eq!(check("k", 0.0), Ok(0.0));
    }

    #[test]
    fn counts_are_whole_numbers_within_their_limits() {
        assert_eq!(count("100000", 1, 1_000_000), Ok(100_000));
        assert_eq!(count("1e5", 1, 1_000_000), Ok(100_000));
        for (text, want) in [
            ("0", "at least 1"),
            ("1e7", "at most 1000000"),
            ("18446744073709551615", "at most 1000000"),
            ("99999999999999999999999", "at most 1000000"),
            ("2.5", "a whole number"),
            ("-3", "a whole number"),
            ("lots", "a whole number"),
        ] {
            let err = count(text, 1, 1_000_000).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
