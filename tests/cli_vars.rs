//! Discovering a model from the command line: `millrace vars` (constants with their
//! defaults, units and documented ranges; stocks; outputs), `run --vars`, and the
//! "did you mean" suggestion wherever a name is accepted.

mod common;

use std::path::PathBuf;

use common::cli::{millrace, stderr, stdout};
use tempfile::TempDir;

/// Writes `text` to `model.xmile` in a fresh temporary directory; the file lives as long
/// as the returned `TempDir` (removed on drop, also when the test panics).
fn model_file(test: &str, text: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new().prefix(&format!("millrace-cli-vars-{test}-")).tempdir().unwrap();
    let path = dir.path().join("model.xmile");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

const TEACUP: &str = "examples/teacup.xmile";
const WORLD3: &str = "tests/models/world3/world3.xmile";

#[test]
fn vars_lists_the_teacup() {
    let out = millrace(&["vars", TEACUP], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "constants (2):\n  Characteristic Time = 10\n  Room Temperature = 70\n\
         stocks (1):\n  Teacup Temperature = 180\n\
         outputs (1):\n  Heat Loss to Room (flow)\n"
    );
}

#[test]
fn vars_lists_world3_with_units_and_docs_as_json() {
    let out = millrace(&["vars", WORLD3, "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing: serde_json::Value = serde_json::from_slice(&out.stdout).expect("vars --json is JSON");
    let section = |name: &str| listing[name].as_array().unwrap_or_else(|| panic!("no {name} array")).clone();
    // The same counts `check` reports: 78 constants, 15 stocks, the rest outputs.
    assert_eq!(section("constants").len(), 78);
    assert_eq!(section("stocks").len(), 15);
    assert_eq!(section("outputs").len(), 256 - 78 - 15);
    let icor = section("constants")
        .into_iter()
        .find(|c| c["name"] == "industrial_capital_output_ratio_1")
        .expect("a World3 constant is listed");
    assert_eq!(icor["default"], 3.0);
    assert_eq!(icor["units"], "year");
    assert!(icor["doc"].as_str().is_some_and(|d| !d.contains('\n')), "{icor}");
    let population = section("outputs").into_iter().find(|v| v["name"] == "population").expect("population");
    assert!(population["default"].is_null(), "an output has no default: {population}");
}

#[test]
fn vars_reports_a_documented_range_and_module_constants() {
    let text = common::xmile(
        0.0,
        1.0,
        1.0,
        r#"<aux name="growth rate"><eqn>0.03</eqn><units>1/year</units><range min="0" max="0.1"/>
           <doc>Fraction
               per year</doc></aux>
           <aux name="half open"><eqn>2</eqn><range min="1"/></aux>"#,
    );
    let (_dir, path) = model_file("range", &text);
    let out = millrace(&["vars", path.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("  growth rate = 0.03 [1/year] range 0..0.1\n"), "{}", stdout(&out));
    // A range missing a bound documents nothing usable: left out.
    assert!(stdout(&out).contains("  half open = 2\n"), "{}", stdout(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&millrace(&["vars", path.to_str().unwrap(), "--json"], "").stdout).unwrap();
    assert_eq!(json["constants"][0]["range"], serde_json::json!([0.0, 0.1]));
    assert_eq!(json["constants"][0]["doc"], "Fraction per year");

    let out = millrace(&["vars", "examples/two_instances.xmile"], "");
    assert!(stdout(&out).contains("sub0.k = "), "module constants are listed by path:\n{}", stdout(&out));
}

#[test]
fn run_vars_keeps_the_chosen_columns_in_the_order_given() {
    let all = stdout(&millrace(&["run", TEACUP], ""));
    let some = millrace(&["run", TEACUP, "--vars", "heat loss to room,Teacup Temperature"], "");
    assert_eq!(some.status.code(), Some(0), "{}", stderr(&some));
    let header: Vec<&str> = all.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (loss, cup) = (column("Heat Loss to Room"), column("Teacup Temperature"));
    let expected: Vec<String> = all
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{}", f[0], f[loss], f[cup])
        })
        .collect();
    assert_eq!(stdout(&some).lines().collect::<Vec<_>>(), expected);
}

/// Every place a name is accepted suggests the near one.
#[test]
fn a_misspelt_name_gets_a_suggestion_everywhere() {
    let cases: [&[&str]; 5] = [
        &["run", TEACUP, "--set", "Room Temprature=20"],
        &["run", TEACUP, "--vars", "Teacup Temprature"],
        &["batch", TEACUP, "--sweep", "Room Temprature=0:1:2", "--backend", "vm"],
        &["batch", TEACUP, "--samples", "2", "--vary", "charactristic time=uniform(1,2)", "--backend", "vm"],
        &["batch", TEACUP, "--sweep", "Room Temperature=0:1:2", "--vars", "teacup temprature", "--backend", "vm"],
    ];
    let expected =
        ["Room Temperature", "Teacup Temperature", "Room Temperature", "Characteristic Time", "Teacup Temperature"];
    for (args, want) in cases.iter().zip(expected) {
        let out = millrace(args, "");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&format!("(did you mean `{want}`?)")), "{args:?}: {err}");
    }
    // --set suggests among the constants only: a flow cannot be set.
    let err = stderr(&millrace(&["run", TEACUP, "--set", "Heat Loss to Rom=1"], ""));
    assert!(err.contains("unknown variable `Heat Loss to Rom`") && !err.contains("did you mean"), "{err}");
    // Nothing near: no suggestion.
    let err = stderr(&millrace(&["run", TEACUP, "--set", "population=1"], ""));
    assert!(err.contains("unknown variable `population`") && !err.contains("did you mean"), "{err}");

    let out = millrace(&["session", TEACUP], "set room temprature 20\nget Teacup Temprature\n");
    assert_eq!(
        stdout(&out),
        "error: unknown variable `room temprature` (did you mean `Room Temperature`?)\n\
         error: unknown variable `Teacup Temprature` (did you mean `Teacup Temperature`?)\n"
    );
}

#[test]
fn vars_lists_each_element_of_an_arrayed_constant_and_set_overrides_one() {
    let text = "<xmile><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\
        <dimensions><dim name=\"Region\"><elem name=\"North\"/><elem name=\"South East\"/></dim></dimensions>\
        <model><variables><aux name=\"k\"><dimensions><dim name=\"Region\"/></dimensions>\
        <units>widgets</units><eqn>1, 2</eqn></aux>\
        <aux name=\"total\"><eqn>SUM(k[*])</eqn></aux></variables></model></xmile>";
    let (_dir, path) = model_file("arrayed", text);
    let path = path.to_str().unwrap();
    let out = millrace(&["vars", path], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "constants (2):\n  k[North] = 1 [widgets]\n  k[South East] = 2 [widgets]\nstocks (0):\noutputs (1):\n  total (aux)\n"
    );
    let out = millrace(&["run", path, "--set", "k[south_east]=5", "--vars", "total"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "time,total\n0,6\n1,6\n");
    // A whole array by its bare name is every element; `k[South  East]` any spelling.
    let out = millrace(&["run", path, "--set", "k[ South  East ]=5", "--vars", "k,total"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "time,k[North],k[South East],total\n0,1,5,6\n1,1,5,6\n");
    // The same in a batch: `--vars k` is both elements' columns.
    let out = millrace(&["batch", path, "--sweep", "k[North]=1:2:2", "--vars", "k,total", "--final-only"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "run,k[North] (parameter),k[North],k[South East],total\n0,1,1,2,3\n1,2,2,2,4\n");
}
