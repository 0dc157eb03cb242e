//! Tests of the expected-output reader: inline samples of each layout and trap, then
//! real corpus files of each layout.

use std::path::Path;

use super::expected::{ExpectedTable, Format, parse_expected, parse_number, read_expected};

fn parse(text: &str, format: Format) -> ExpectedTable {
    parse_expected(text.as_bytes(), format).unwrap_or_else(|e| panic!("{e}"))
}

fn values(table: &ExpectedTable, name: &str) -> Vec<Option<f64>> {
    let column = table.column(name);
    column.unwrap_or_else(|| panic!("no column `{name}`")).values.clone()
}

#[test]
fn csv_with_quoted_names() {
    let t = parse("Time,\"Stock, with comma\",\"\"\"quoted\"\"\"\n0,1,2\n1,3,4\n", Format::Csv);
    assert_eq!(t.time, [0.0, 1.0]);
    assert_eq!(values(&t, "Stock, with comma"), [Some(1.0), Some(3.0)]);
    assert_eq!(values(&t, "\"quoted\""), [Some(2.0), Some(4.0)]);
}

#[test]
fn tab_with_crlf() {
    let t = parse("Time\ta b\tc\r\n0\t1\t2\r\n0.5\t1.5\t2.5\r\n", Format::Tab);
    assert_eq!(t.time, [0.0, 0.5]);
    assert_eq!(values(&t, "a b"), [Some(1.0), Some(1.5)]);
    assert_eq!(values(&t, "c"), [Some(2.0), Some(2.5)]);
}

#[test]
fn bare_carriage_returns_end_lines() {
    let t = parse("Time,x\r0,1\r1,2\r", Format::Csv);
    assert_eq!(t.time, [0.0, 1.0]);
    assert_eq!(values(&t, "x"), [Some(1.0), Some(2.0)]);
}

#[test]
fn latin1_bytes_decode() {
    let bytes = b"Time\tvariable with \xe9 \xe0\r\n0\t6\r\n";
    let t = parse_expected(bytes, Format::Tab).unwrap();
    assert_eq!(values(&t, "variable with é à"), [Some(6.0)]);
}

#[test]
fn utf8_and_bom() {
    let t = parse("\u{feff}Time,größe\n0,1\n", Format::Csv);
    assert_eq!(values(&t, "größe"), [Some(1.0)]);
}

#[test]
fn first_column_is_time_whatever_its_header() {
    for header in ["Time", "TIME", "time", "year", "Months"] {
        let t = parse(&format!("{header},x\n1990,1\n1991,2\n"), Format::Csv);
        assert_eq!(t.time, [1990.0, 1991.0], "{header}");
        assert_eq!(t.columns.len(), 1);
    }
}

#[test]
fn blank_repeats_the_previous_value() {
    let t = parse("Time\tk\tx\n0\t5\t1\n1\t\t2\n2\t\t3\n", Format::Tab);
    assert_eq!(values(&t, "k"), [Some(5.0); 3]);
    assert_eq!(values(&t, "x"), [Some(1.0), Some(2.0), Some(3.0)]);
}

#[test]
fn short_rows_are_trailing_blanks() {
    // As in mdl/get_lookups_data_3d_xls: later rows stop before the last columns.
    let t = parse("Time\tx\tk\n0\t1\t7\n1\t2\n2\t3\n", Format::Tab);
    assert_eq!(values(&t, "k"), [Some(7.0); 3]);
}

#[test]
fn blank_in_the_first_row_has_no_value() {
    let t = parse("Time\tx\n0\t\n1\t2\n", Format::Tab);
    assert_eq!(values(&t, "x"), [None, Some(2.0)]);
}

#[test]
fn na_and_the_blanks_after_it_have_no_value() {
    let t = parse("Time\tx\ty\n0\t1\t:NA:\n1\t:NA:\t\n2\t\t4\n3\t\t\n", Format::Tab);
    assert_eq!(values(&t, "x"), [Some(1.0), None, None, None]);
    // A value after `:NA:` is carried forward again.
    assert_eq!(values(&t, "y"), [None, None, Some(4.0), Some(4.0)]);
}

#[test]
fn number_spellings() {
    let t = parse("Time,a,b,c,d\n0,1.05E-15,-0.0,inf,1e+006\n", Format::Csv);
    assert_eq!(values(&t, "a"), [Some(1.05e-15)]);
    assert_eq!(values(&t, "b"), [Some(-0.0)]);
    assert_eq!(values(&t, "c"), [Some(f64::INFINITY)]);
    assert_eq!(values(&t, "d"), [Some(1e6)]);
    assert_eq!(parse_number("-1.#INF"), Some(f64::NEG_INFINITY));
    assert!(parse_number("1.#QNAN").is_some_and(f64::is_nan));
    assert_eq!(parse_number("abc"), None);
    assert_eq!(parse_number("x#INF"), None);
}

#[test]
fn transposed_export_is_detected() {
    let t = parse("Time\t0\t1\t2\r\nx\t1\t\t3\r\ny\t:NA:\t\t\r\n", Format::Tab);
    assert_eq!(t.time, [0.0, 1.0, 2.0]);
    assert_eq!(values(&t, "x"), [Some(1.0), Some(1.0), Some(3.0)]);
    assert_eq!(values(&t, "y"), [None, None, None]);
    // A normal header is not mistaken for one.
    let t = parse("Time\tx\n0\t1\n", Format::Tab);
    assert_eq!(t.columns.len(), 1);
}

#[test]
fn dat_blocks_share_the_union_of_their_times() {
    let text = "const\n0\t7\nstock\n0\t1\n1\t2\n2\t3\ndata\n2\t9\n0.5\t8\n";
    let t = parse(text, Format::Dat);
    assert_eq!(t.time, [0.0, 0.5, 1.0, 2.0]);
    // Nothing is carried forward in `.dat`: values exist only where listed.
    assert_eq!(values(&t, "const"), [Some(7.0), None, None, None]);
    assert_eq!(values(&t, "stock"), [Some(1.0), None, Some(2.0), Some(3.0)]);
    assert_eq!(values(&t, "data"), [None, Some(8.0), None, Some(9.0)]);
}

#[test]
fn dat_with_crlf_and_na() {
    let t = parse("x\r\n0\t:NA:\r\n1\t2\r\n", Format::Dat);
    assert_eq!(values(&t, "x"), [None, Some(2.0)]);
}

#[test]
fn delimiter_follows_the_header_when_the_extension_lies() {
    let t = parse("Time\tx\n0\t1\n", Format::Csv);
    assert_eq!(values(&t, "x"), [Some(1.0)]);
}

#[test]
fn malformed_files_are_errors_not_panics() {
    let bad: [(&[u8], Format); 9] = [
        (b"", Format::Csv),
        (b"\n\n", Format::Tab),
        (b"Time,x\n0,abc\n", Format::Csv),
        (b"Time,x\nzero,1\n", Format::Csv),
        (b"Time,x\n0,1,2\n", Format::Csv),
        (b"Time,,x\n0,1,2\n", Format::Csv),
        (b"0\t1\n", Format::Dat),
        (b"x\n0\tabc\n", Format::Dat),
        (b"", Format::Dat),
    ];
    for (bytes, format) in bad {
        let text = String::from_utf8_lossy(bytes);
        assert!(parse_expected(bytes, format).is_err(), "{text:?} read");
    }
    // Arbitrary bytes never panic.
    for format in [Format::Csv, Format::Tab, Format::Dat] {
        let _ = parse_expected(b"\xff\x00\t\"\r,\n\"\"x\t\t1e999\n:NA:", format);
    }
}

fn corpus_file(rel: &str) -> ExpectedTable {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/cases").join(rel);
    read_expected(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn real_csv() {
    let t = corpus_file("xmile/teacup/output.csv");
    assert_eq!(t.time.len(), 241);
    assert_eq!(&t.time[..2], [0.0, 0.125]);
    assert_eq!(&values(&t, "Teacup Temperature")[..2], [Some(180.0), Some(178.625)]);
}

#[test]
fn real_tab_with_bare_cr_and_quoted_names() {
    let t = corpus_file("mdl/special_characters/output.tab");
    assert_eq!(t.time.len(), 101);
    let name = "\"variable with \\\"Quotes\\\" in 'it' and \\ backslashes!!\"";
    assert_eq!(values(&t, name)[0], Some(4.0));
    assert_eq!(values(&t, "\"Aux with $peC!@| characters\"")[0], Some(21.0));
}

#[test]
fn real_tab_with_crlf_blanks_and_short_rows() {
    let t = corpus_file("mdl/get_lookups_data_3d_xls/output.tab");
    assert_eq!(t.time.len(), 61);
    assert_eq!(&t.time[..2], [0.0, 0.5]);
    // TIME STEP is written once, then its cells are blank or missing.
    assert!(values(&t, "TIME STEP").iter().all(|v| *v == Some(0.5)));
    assert_eq!(&values(&t, "accumulation[A,Row2]")[..3], [Some(0.0), Some(2.0), Some(4.05)]);
}

#[test]
fn real_latin1_tab() {
    let t = corpus_file("mdl/unicode_characters/output.tab");
    assert_eq!(t.time, [0.0, 1.0]);
    assert_eq!(values(&t, "this is a french variable with é à è")[0], Some(6.0));
}

#[test]
fn real_dat() {
    let t = corpus_file("sde/directdata/directdata.dat");
    assert_eq!(t.time.len(), 61);
    assert_eq!((t.time[0], t.time[60]), (1990.0, 2050.0));
    let a = values(&t, "a[A1]");
    assert_eq!((a[0], a[1], a[15]), (Some(610.0), None, Some(600.0)));
    let t = corpus_file("sde/sir/sir.dat");
    assert_eq!(&t.time[..2], [0.0, 2.0]);
    assert_eq!(values(&t, "Average Duration of Illness d")[0], Some(2.0));
}
