//! Tests of the comparison rules: tolerance edges, row counts, time, name matching,
//! skipped and control columns.

use millrace::Results;

use super::compare::{Failure, cell_passes, compare, compare_results, match_key};
use super::expected::{ExpectedColumn, ExpectedTable};

fn table(time: &[f64], columns: &[(&str, &[Option<f64>])]) -> ExpectedTable {
    ExpectedTable {
        time: time.to_vec(),
        columns: columns
            .iter()
            .map(|(name, values)| ExpectedColumn { name: name.to_string(), values: values.to_vec() })
            .collect(),
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn tolerance_edges() {
    // Exactly at the absolute bound passes; a little beyond fails.
    assert!(cell_passes(0.0, 2e-3));
    assert!(cell_passes(0.0, -2e-3));
    assert!(!cell_passes(0.0, 2.001e-3));
    // The relative part: at 1e6 the bound is 0.002 + 5.
    assert!(cell_passes(1e6, 1e6 + 5.0));
    assert!(!cell_passes(1e6, 1e6 + 5.01));
    assert!(!cell_passes(-1e6, -1e6 - 5.01));
    // Both tiny passes whatever their ratio; one tiny is held to the bound.
    assert!(cell_passes(9e-7, -9e-7));
    assert!(cell_passes(1e-300, 0.0));
    assert!(!cell_passes(1e-7, 0.5));
    // NaN and infinities match only themselves.
    assert!(cell_passes(f64::NAN, f64::NAN));
    assert!(!cell_passes(1.0, f64::NAN));
    assert!(!cell_passes(f64::NAN, 1.0));
    assert!(cell_passes(f64::INFINITY, f64::INFINITY));
    assert!(!cell_passes(f64::INFINITY, 1e300));
}

#[test]
fn identical_run_passes() {
    let want = table(&[0.0, 1.0], &[("Stock", &[Some(1.0), Some(2.0)])]);
    let rows = [vec![0.0, 1.0], vec![1.0, 2.0005]];
    let outcome = compare(&want, &names(&["time", "Stock"]), &rows);
    assert!(outcome.passed(), "{outcome}");
    assert_eq!((outcome.compared_columns, outcome.compared_cells), (1, 2));
}

#[test]
fn first_failing_cell_is_reported_with_counts() {
    let want = table(
        &[0.0, 1.0, 2.0],
        &[("a", &[Some(1.0), Some(1.0), Some(1.0)]), ("b", &[Some(0.0), Some(5.0), Some(6.0)])],
    );
    let rows = [vec![0.0, 1.0, 0.0], vec![1.0, 1.0, 5.5], vec![2.0, 9.0, 7.0]];
    let outcome = compare(&want, &names(&["time", "a", "b"]), &rows);
    let expected = Failure::Values {
        column: "b".into(),
        time: 1.0,
        expected: 5.0,
        actual: 5.5,
        failed_cells: 3,
        failed_columns: 2,
    };
    assert_eq!(outcome.failure, Some(expected));
    let line = outcome.to_string();
    assert!(line.contains("`b` at time 1") && line.contains("3 cells"), "{line}");
}

#[test]
fn cells_without_expected_value_are_not_compared() {
    let want = table(&[0.0, 1.0], &[("x", &[Some(1.0), None])]);
    let rows = [vec![0.0, 1.0], vec![1.0, 123.0]];
    let outcome = compare(&want, &names(&["time", "x"]), &rows);
    assert!(outcome.passed());
    assert_eq!(outcome.compared_cells, 1);
}

#[test]
fn row_count_must_match() {
    let want = table(&[0.0, 1.0, 2.0], &[("x", &[Some(0.0); 3])]);
    let rows = [vec![0.0, 0.0], vec![1.0, 0.0]];
    let outcome = compare(&want, &names(&["time", "x"]), &rows);
    let expected = Failure::RowCount { expected: 3, actual: 2 };
    assert_eq!(outcome.failure, Some(expected));
    assert!(outcome.to_string().contains("2 saved rows, expected 3"));
}

#[test]
fn time_column_must_match() {
    let want = table(&[0.0, 1.0], &[("x", &[Some(0.0); 2])]);
    let rows = [vec![0.0, 0.0], vec![0.5, 0.0]];
    let outcome = compare(&want, &names(&["time", "x"]), &rows);
    let expected = Failure::Time { row: 1, expected: 1.0, actual: 0.5 };
    assert_eq!(outcome.failure, Some(expected));
}

#[test]
fn columns_match_canonically() {
    for (in_file, in_model) in [
        ("Teacup Temperature", "teacup_temperature"),
        ("TEACUP  TEMPERATURE", "Teacup Temperature"),
        ("\"Quoted Name\"", "Quoted Name"),
        ("Module 1.Flow Rate", "module_1.flow_rate"),
        ("a.\"module/output\"", "a.module/output"),
        ("Stock[A1,B2]", "stock[a1, b2]"),
        ("x[ one , two ]", "X[one,two]"),
    ] {
        assert_eq!(match_key(in_file), match_key(in_model), "{in_file} / {in_model}");
        let want = table(&[0.0], &[(in_file, &[Some(3.0)])]);
        let outcome = compare(&want, &names(&["time", in_model]), &[vec![0.0, 3.0]]);
        assert!(outcome.passed() && outcome.compared_columns == 1, "{in_file}: {outcome}");
    }
    assert_ne!(match_key("a.b"), match_key("ab"));
    assert_ne!(match_key("a[b]"), match_key("ab"));
}

#[test]
fn columns_the_model_lacks_are_skipped_and_counted() {
    let want = table(&[0.0], &[("x", &[Some(1.0)]), ("only in mdl", &[Some(2.0)]), ("y[A]", &[Some(3.0)])]);
    let outcome = compare(&want, &names(&["time", "x"]), &[vec![0.0, 1.0]]);
    assert!(outcome.passed());
    assert_eq!(outcome.compared_columns, 1);
    assert_eq!(outcome.skipped, ["only in mdl", "y[A]"]);
    assert!(outcome.to_string().contains("2 skipped: only in mdl, y[A]"));
}

#[test]
fn control_columns_are_ignored() {
    let want = table(
        &[0.0],
        &[
            ("INITIAL TIME", &[Some(99.0)]),
            ("FINAL TIME", &[Some(99.0)]),
            ("TIME STEP", &[Some(99.0)]),
            ("SAVEPER", &[Some(99.0)]),
            ("initial_time", &[Some(99.0)]),
            ("x", &[Some(1.0)]),
        ],
    );
    // Even a model that exports control values is not compared on them.
    let model = names(&["time", "x", "INITIAL TIME", "TIME STEP"]);
    let outcome = compare(&want, &model, &[vec![0.0, 1.0, 0.0, 1.0]]);
    assert!(outcome.passed(), "{outcome}");
    assert!(outcome.skipped.is_empty());
    assert_eq!(outcome.compared_columns, 1);
}

#[test]
fn nothing_comparable_fails() {
    let want = table(&[0.0], &[("SAVEPER", &[Some(1.0)]), ("other", &[Some(1.0)])]);
    let outcome = compare(&want, &names(&["time", "x"]), &[vec![0.0, 1.0]]);
    let expected = Failure::NothingCompared { skipped: 1 };
    assert_eq!(outcome.failure, Some(expected));
}

#[test]
fn short_model_rows_fail_instead_of_panicking() {
    let want = table(&[0.0], &[("x", &[Some(1.0)])]);
    let outcome = compare(&want, &names(&["time", "x"]), &[vec![0.0]]);
    assert!(matches!(outcome.failure, Some(Failure::Values { .. })));
    let outcome = compare(&want, &names(&["time", "x"]), &[vec![]]);
    assert!(matches!(outcome.failure, Some(Failure::Time { .. })));
}

#[test]
fn compares_engine_results() {
    let results = Results {
        names: names(&["time", "Teacup Temperature"]),
        slots: vec![0, 4],
        rows: vec![vec![0.0, 180.0], vec![0.125, 178.625]],
    };
    let want = table(&[0.0, 0.125], &[("Teacup Temperature", &[Some(180.0), Some(178.625)])]);
    assert!(compare_results(&want, &results).passed());
}

/// Every expected file of the vendored corpus reads, and a run that reproduces it exactly
/// passes: the reader and the matching agree on real names, layouts and control columns.
#[test]
fn every_corpus_expected_file_matches_itself() {
    use super::expected::read_expected;
    use super::manifest::parse_manifest;
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    for case in parse_manifest(&manifest).unwrap() {
        let path = corpus.join("cases").join(&case.id).join(&case.expected);
        let want = read_expected(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!want.time.is_empty(), "{}", path.display());
        let mut names = vec!["time".to_string()];
        names.extend(want.columns.iter().map(|c| c.name.clone()));
        let rows: Vec<Vec<f64>> = (0..want.time.len())
            .map(|r| {
                let cells = want.columns.iter().map(|c| c.values[r].unwrap_or(f64::NAN));
                std::iter::once(want.time[r]).chain(cells).collect()
            })
            .collect();
        let outcome = compare(&want, &names, &rows);
        assert!(outcome.passed(), "{}: {outcome}", path.display());
        assert!(outcome.skipped.is_empty(), "{}: {outcome}", path.display());
    }
}
