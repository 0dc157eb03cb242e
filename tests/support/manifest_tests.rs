//! Tests of the manifest reader and the passing list.

use std::path::Path;

use super::manifest::{PassingList, parse_manifest};

#[test]
fn manifest_columns_are_found_by_name() {
    let text = "id\tsplit\ttier\tformat\tmodels\texpected\tsource\n\
                xmile/teacup\ttrain\t1\txmile\ta.xmile,b.xmile\toutput.csv\tsomewhere\n\
                \n\
                sde/sir\ttrain\t-\tmdl+xmile\tsir.mdl, sir.xmile\tsir.dat\tsde\n";
    let cases = parse_manifest(text).unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].id, "xmile/teacup");
    assert_eq!(cases[0].models, ["a.xmile", "b.xmile"]);
    assert_eq!((cases[1].tier.as_str(), cases[1].expected.as_str()), ("-", "sir.dat"));
    assert_eq!(cases[1].models, ["sir.mdl", "sir.xmile"]);

    // Reordered columns read the same; missing ones are errors.
    let text = "expected\tmodels\tformat\ttier\tid\nout.tab\tm.stmx\txmile\t4\txmile/m\n";
    assert_eq!(parse_manifest(text).unwrap()[0].tier, "4");
    assert!(parse_manifest("id\ttier\n").is_err());
    assert!(parse_manifest("").is_err());
    let short = "id\ttier\tformat\tmodels\texpected\nxmile/x\t1\n";
    assert!(parse_manifest(short).is_err());
}

#[test]
fn vendored_manifest_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/MANIFEST.tsv");
    let cases = parse_manifest(&std::fs::read_to_string(path).unwrap()).unwrap();
    let teacup = cases.iter().find(|c| c.id == "xmile/teacup").unwrap();
    assert_eq!(teacup.models, ["teacup.xmile", "teacup_w_diagram.xmile"]);
    assert_eq!(teacup.expected, "output.csv");
}

#[test]
fn passing_list_parses_comments_and_notes() {
    let list = PassingList::parse("# header\n\nxmile/b/b.xmile  # slow\n# why\nxmile/a/a.xmile\n");
    let paths: Vec<&str> = list.paths().collect();
    assert_eq!(paths, ["xmile/a/a.xmile", "xmile/b/b.xmile"]);
    assert!(list.contains("xmile/b/b.xmile"));
    assert!(!list.contains("xmile/c/c.xmile"));
    // A `#` inside a path is part of it.
    assert!(PassingList::parse("xmile/a#b/m.xmile\n").contains("xmile/a#b/m.xmile"));
}

#[test]
fn passing_list_only_grows_and_stays_sorted() {
    let text = "# header\nxmile/c/c.xmile\n# note on a\nxmile/a/a.xmile # fast\n# tail\n";
    let mut list = PassingList::parse(text);
    list.add(["xmile/b/b.xmile".to_string(), "xmile/a/a.xmile".to_string()]);
    assert_eq!(
        list.render(),
        "# header\n# note on a\nxmile/a/a.xmile # fast\nxmile/b/b.xmile\nxmile/c/c.xmile\n# tail\n"
    );
    // Rendering and reading back is stable.
    let again = PassingList::parse(&list.render());
    assert_eq!(again.render(), list.render());
}

#[test]
fn empty_passing_list_keeps_its_header() {
    let mut list = PassingList::parse("# only a header\n");
    assert_eq!(list.paths().count(), 0);
    list.add(["xmile/x/x.xmile".to_string()]);
    assert_eq!(list.render(), "# only a header\nxmile/x/x.xmile\n");
}
