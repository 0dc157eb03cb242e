//! The `millrace` binary: results, diagnostics and exit statuses, and the session
//! protocol driven through real pipes.

mod common;

use std::path::PathBuf;
use std::process::Output;

use tempfile::TempDir;

use common::cli::{stderr, stdout};

fn millrace(args: &[&str], stdin: Option<&str>) -> Output {
    common::cli::millrace(args, stdin.unwrap_or(""))
}

/// A fresh temporary directory, removed when dropped (also when the test panics).
fn scratch(test: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("millrace-cli-{test}-")).tempdir().unwrap()
}

/// Writes `text` to a file in a fresh temporary directory; the file lives as long as the
/// returned `TempDir`.
fn model_file(test: &str, name: &str, text: &str) -> (TempDir, PathBuf) {
    let dir = scratch(test);
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Runs `millrace check` on a broken model and returns its stderr, asserting that it
/// failed cleanly: status 2, one `error:` line naming the file, no panic.
#[track_caller]
fn expect_error(test: &str, text: &str, args: &[&str]) -> String {
    let (_dir, path) = model_file(test, "model.xmile", text);
    let path = path.to_str().unwrap();
    let mut all: Vec<&str> = args.to_vec();
    all.push(path);
    let out = millrace(&all, None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "exit status for {test}; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{test} panicked:\n{err}");
    assert!(err.contains("error:"), "{test}: no error line:\n{err}");
    assert!(err.contains("model.xmile"), "{test}: the error names the file:\n{err}");
    err
}

fn vars(body: &str) -> String {
    common::xmile(0.0, 10.0, 1.0, body)
}

#[test]
fn run_prints_csv_with_time_first_and_exact_values() {
    let out = millrace(&["run", "examples/teacup.xmile"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert_eq!(header, "time,Characteristic Time,Heat Loss to Room,Room Temperature,Teacup Temperature");
    assert_eq!(lines.next().unwrap(), "0,10,11,70,180");
    assert_eq!(lines.next().unwrap(), "0.125,10,10.8625,70,178.625");
    assert_eq!(text.lines().count(), 1 + 241);
}

#[test]
fn run_applies_overrides_and_writes_the_output_file() {
    let dir = scratch("output");
    let file = dir.path().join("out.csv");
    let out = millrace(
        &[
            "run",
            "examples/teacup.xmile",
            "--set",
            "Room Temperature=20",
            "--set",
            "teacup_temperature=100",
            "-o",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().nth(1).unwrap(), "0,10,8,20,100");
}

#[test]
fn check_reports_ok_and_can_print_the_ir() {
    let out = millrace(&["check", "examples/teacup.xmile", "--ir"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("module m0 \"root\""), "{text}");
    assert!(text.contains("ok: 4 variables (1 stocks, 1 flows, 0 auxes, 2 constants)"), "{text}");
}

#[test]
fn malformed_xml_is_an_error() {
    let err = expect_error("malformed", "<xmile><model><variables><aux name=\"a\"><eqn>1</eqn>", &["check"]);
    assert!(err.to_lowercase().contains("xml") || err.contains("closed"), "{err}");
    expect_error("garbage", "this is not xml at all <<<", &["check"]);
}

#[test]
fn run_reads_a_vensim_mdl_file() {
    let out = millrace(&["run", "tests/corpus/cases/mdl/case_sensitive_extension/teacup-upper.MDL"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "time,Characteristic Time,Heat Loss to Room,Room Temperature,SAVEPER,Teacup Temperature"
    );
    assert_eq!(lines.next().unwrap(), "0,10,11,70,0.125,180");
    assert_eq!(lines.next().unwrap(), "0.125,10,10.8625,70,0.125,178.625");
    assert_eq!(text.lines().count(), 1 + 241);
}

#[test]
fn a_vensim_model_reads_its_data_files_and_the_data_given_with_dash_dash_data() {
    let text = "{UTF-8}\nc = GET DIRECT CONSTANTS('c.csv', ',', 'B1') ~~|\nd ~~|\ne = c + d ~~|\n\
                INITIAL TIME = 0 ~~|\nFINAL TIME = 2 ~~|\nTIME STEP = 1 ~~|\n";
    let (_dir, path) = model_file("data_files", "model.mdl", text);
    std::fs::write(path.with_file_name("c.csv"), "c,5\n").unwrap();
    std::fs::write(path.with_file_name("d.dat"), "d\n0\t1\n2\t3\n").unwrap();
    let model = path.to_str().unwrap();
    let out = millrace(&["run", model], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("in `d`: `d` is a data variable (no equation)"), "{}", stderr(&out));
    let data = path.with_file_name("d.dat");
    let out = millrace(&["run", "--data", data.to_str().unwrap(), model], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "time,c,d,e\n0,5,1,6\n1,5,2,7\n2,5,3,8\n");
    let out = millrace(&["run", "--data", "no-such.dat", model], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read the data file `no-such.dat`"), "{}", stderr(&out));
    let out =
        millrace(&["run", "--data", data.to_str().unwrap(), "tests/corpus/cases/xmile/teacup/teacup.xmile"], None);
    assert!(stderr(&out).contains("data files are for Vensim models"), "{}", stderr(&out));
}

#[test]
fn a_broken_mdl_file_is_an_error_with_its_line() {
    let text = "{UTF-8}\na = 1 ~~|\nb = a +\n ~~|\nINITIAL TIME = 0 ~~|\nFINAL TIME = 1 ~~|\nTIME STEP = 1 ~~|\n";
    let (_dir, path) = model_file("broken_mdl", "model.mdl", text);
    let out = millrace(&["check", path.to_str().unwrap()], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("model.mdl:4:") && err.contains("in `b`: syntax error"), "{err}");
    let (_dir, path) = model_file("truncated_mdl", "model.mdl", "{UTF-8}\na = 1 ~~|\nb = (");
    let out = millrace(&["check", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn unknown_function_is_an_error_with_line() {
    let err = expect_error("unknown_fn", &vars("<aux name=\"a\">\n<eqn>FROBNICATE(3)</eqn></aux>"), &["check"]);
    assert!(err.contains("unknown function `FROBNICATE`"), "{err}");
    assert!(err.contains("model.xmile:7:"), "line of the equation: {err}");
    assert!(err.contains("`a`"), "names the variable: {err}");
}

#[test]
fn undefined_variable_is_an_error() {
    let err = expect_error("undefined", &vars("<aux name=\"a\"><eqn>b + 1</eqn></aux>"), &["check"]);
    assert!(err.contains("`b` is not defined"), "{err}");
}

#[test]
fn wrong_argument_count_is_an_error() {
    let err = expect_error("arity", &vars("<aux name=\"a\"><eqn>STEP(1, 2, 3)</eqn></aux>"), &["check"]);
    assert!(err.contains("`STEP` takes 2 arguments, got 3"), "{err}");
    let err = expect_error("arity_abs", &vars("<aux name=\"a\"><eqn>ABS()</eqn></aux>"), &["check"]);
    assert!(err.contains("takes 1 argument, got 0"), "{err}");
}

#[test]
fn a_cycle_is_an_error_naming_its_variables() {
    let body =
        "<aux name=\"a\"><eqn>b</eqn></aux><aux name=\"b\"><eqn>c * 2</eqn></aux><aux name=\"c\"><eqn>a</eqn></aux>";
    let err = expect_error("cycle", &vars(body), &["check"]);
    assert!(err.contains("circular definition"), "{err}");
    for v in ["`a`", "`b`", "`c`"] {
        assert!(err.contains(v), "names {v}: {err}");
    }
}

#[test]
fn a_stock_breaks_a_cycle() {
    let body = "<stock name=\"s\"><eqn>1</eqn><inflow>f</inflow></stock><flow name=\"f\"><eqn>s * 0.1</eqn></flow>";
    let (_dir, path) = model_file("stock_cycle", "model.xmile", &vars(body));
    let out = millrace(&["check", path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn bad_sim_specs_are_errors() {
    let err = expect_error("dt_zero", &common::xmile(0.0, 10.0, 0.0, "<aux name=\"a\"><eqn>1</eqn></aux>"), &["check"]);
    assert!(err.contains("dt must be positive"), "{err}");
    let err =
        expect_error("dt_negative", &common::xmile(0.0, 10.0, -1.0, "<aux name=\"a\"><eqn>1</eqn></aux>"), &["check"]);
    assert!(err.contains("dt must be positive"), "{err}");
    let err =
        expect_error("stop_before", &common::xmile(10.0, 5.0, 1.0, "<aux name=\"a\"><eqn>1</eqn></aux>"), &["check"]);
    assert!(err.contains("stop time 5 is before start time 10"), "{err}");
}

#[test]
fn overriding_a_non_constant_or_unknown_name_is_an_error() {
    for (set, want) in [
        ("Heat Loss to Room=3", "cannot set `Heat Loss to Room`"),
        ("nope=3", "unknown variable `nope`"),
        ("Room Temperature=warm", "`warm` is not a number"),
        ("Room Temperature", "expected NAME=VALUE"),
        ("FINAL_TIME=60", "`--stop`"),
    ] {
        let out = millrace(&["run", "examples/teacup.xmile", "--set", set], None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--set {set}: {err}");
        assert!(err.contains(want), "--set {set}: {err}");
        assert!(stdout(&out).is_empty(), "no results are written on error");
    }
}

/// A reader that stops early (`millrace check --ir m | head`) closes the pipe: every
/// command that prints to standard output ends quietly, with status 0, never a panic.
#[test]
fn a_closed_standard_output_is_not_a_panic() {
    for args in [
        &["check", "--ir", "tests/models/world3/world3.xmile"][..],
        &["vars", "tests/models/world3/world3.xmile"],
        &["run", "tests/models/world3/world3.xmile"],
        &["bench", "examples/teacup.xmile", "--runs", "2"],
    ] {
        let mut child = common::cli::spawn(args);
        drop(child.stdin.take());
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("millrace finishes");
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_missing_file_is_an_error() {
    let out = millrace(&["run", "no/such/model.xmile"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read no/such/model.xmile"), "{}", stderr(&out));
}

#[test]
fn session_reproduces_a_scripted_scenario() {
    let script = "\
# set a constant, run half-way, read, reset, run to the end, read the series
set Room Temperature 20
get Room Temperature
run_to 15
time
get Teacup Temperature
reset
get Room Temperature
get Characteristic Time
run_to_end
time
series Room Temperature
set Heat Loss to Room 1
frobnicate
quit
get never answered
";
    let out = millrace(&["session", "examples/teacup.xmile"], Some(script));
    assert!(out.status.success(), "{}", stderr(&out));
    let replies: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(replies.len(), 13, "one reply per command:\n{replies:#?}");
    assert_eq!(replies[0], "ok");
    assert_eq!(replies[1], "20");
    assert_eq!(replies[2], "ok");
    assert_eq!(replies[3], "15.125", "run_to 15 stops at the first step after 15");
    // The same run through the library API gives the same live value.
    let model = millrace::Model::open("examples/teacup.xmile".as_ref()).unwrap();
    let mut sim = model.simulation(millrace::Backend::Vm).unwrap();
    sim.set_by_name("Room Temperature", 20.0).unwrap();
    sim.run_to(15.0).unwrap();
    let want = sim.get_by_name("Teacup Temperature").unwrap();
    assert_eq!(replies[4].parse::<f64>().unwrap().to_bits(), want.to_bits());
    assert_eq!(replies[5], "ok");
    assert_eq!(replies[6], "20", "reset re-applies the override");
    assert_eq!(replies[7], "10", "before the start an unmarked constant reads its default (drive::live_value)");
    assert_eq!(replies[8], "ok");
    assert_eq!(replies[9], "30");
    let series: Vec<&str> = replies[10].split(',').collect();
    assert_eq!(series.len(), 241);
    assert!(series.iter().all(|v| *v == "20"));
    assert!(replies[11].starts_with("error: cannot set `Heat Loss to Room`"), "{}", replies[11]);
    assert!(replies[12].starts_with("error: unknown command `frobnicate`"), "{}", replies[12]);
}

#[test]
fn run_overrides_two_instances_of_one_submodel_separately() {
    let out = millrace(&["run", "examples/two_instances.xmile", "--set", "sub0.k=100", "--set", "sub1.k=200"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("sub0.out"), "107");
    assert_eq!(col("sub1.out"), "207");
}

#[test]
fn session_overrides_two_instances_of_one_submodel_separately() {
    let script = "set sub0.k 100\nset sub1.k 200\nrun_to_end\nget sub0.out\nget sub1.out\nseries sub1.out\n";
    for backend in millrace::Backend::ALL {
        let out = millrace(&["session", "examples/two_instances.xmile", "--backend", backend.name()], Some(script));
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let replies: Vec<&str> = text.lines().collect();
        assert_eq!(replies, ["ok", "ok", "ok", "107", "207", "207,207,207,207,207"], "{}", backend.name());
    }
}

#[test]
fn run_writes_the_same_csv_on_every_backend() {
    let vm = millrace(&["run", "examples/two_instances.xmile", "--set", "sub0.k=100"], None);
    for backend in millrace::Backend::ALL {
        let out = millrace(
            &["run", "examples/two_instances.xmile", "--set", "sub0.k=100", "--backend", backend.name()],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(out.stdout, vm.stdout, "{}", backend.name());
    }
    let out = millrace(&["run", "examples/teacup.xmile", "--backend", "gpu"], None);
    assert_eq!(out.status.code(), Some(2));
    // clap names the bad value and lists the backends.
    assert!(stderr(&out).contains("invalid value 'gpu'"), "{}", stderr(&out));
    assert!(stderr(&out).contains("[possible values: vm, wasm, jit]"), "{}", stderr(&out));
}

#[test]
fn internals_of_implicit_instances_are_written_only_when_asked() {
    let body = "<aux name=\"s\"><eqn>SMTH1(TIME, 2)</eqn></aux>";
    let (_dir, path) = model_file("internals", "model.xmile", &vars(body));
    let path = path.to_str().unwrap();
    let plain = stdout(&millrace(&["run", path], None));
    assert_eq!(plain.lines().next().unwrap(), "time,s");
    let all = stdout(&millrace(&["run", path, "--internals"], None));
    let header = all.lines().next().unwrap();
    assert_eq!(
        header,
        "time,s,s@SMTH1.averaging_time,s@SMTH1.change_1,s@SMTH1.initial_value,s@SMTH1.input,s@SMTH1.output,s@SMTH1.stage_time"
    );
}

#[test]
fn session_on_wasm_overrides_two_instances_of_one_submodel_separately() {
    let script =
        "set sub0.k 100\nset sub1.k 200\nrun_to_end\nget sub0.out\nget sub1.out\nseries sub1.out\nset sub0.out 1\n";
    let out = millrace(&["session", "examples/two_instances.xmile", "--backend", "wasm"], Some(script));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let replies: Vec<&str> = text.lines().collect();
    assert_eq!(replies[..6], ["ok", "ok", "ok", "107", "207", "207,207,207,207,207"]);
    assert!(replies[6].starts_with("error: cannot set `sub0.out`"), "{}", replies[6]);
}

#[test]
fn session_on_wasm_replies_exactly_as_on_the_vm() {
    let script = "set Room Temperature 20\nrun_to 15\ntime\nget Teacup Temperature\nreset\nget Room Temperature\n\
                  get Characteristic Time\nrun_to_end\nseries Teacup Temperature\nclear\nreset\nrun_to 3\n\
                  series Heat Loss to Room\nset TIME 3\nget nope\nrun_to nan\n";
    let vm = millrace(&["session", "examples/teacup.xmile", "--backend", "vm"], Some(script));
    let wasm = millrace(&["session", "examples/teacup.xmile", "--backend", "wasm"], Some(script));
    assert!(wasm.status.success(), "{}", stderr(&wasm));
    assert_eq!(stdout(&vm), stdout(&wasm));
}

#[test]
fn emit_wasm_writes_a_valid_module_and_its_listing() {
    let dir = scratch("emit");
    let wasm = dir.path().join("teacup.wasm");
    let out = millrace(&["emit-wasm", "examples/teacup.xmile", "-o", wasm.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&wasm).expect("the module is written");
    assert_eq!(&bytes[..4], b"\0asm");
    millrace::wasmgen::validate(&bytes).expect("the module validates");
    let listing =
        std::fs::read_to_string(dir.path().join("teacup.listing.json")).expect("the listing is written beside it");
    let json: serde_json::Value = serde_json::from_str(&listing).expect("the listing is JSON");
    let model = millrace::Model::open("examples/teacup.xmile".as_ref()).unwrap();
    let layout = &model.program().layout;
    for v in &layout.vars {
        assert_eq!(json["slots"][&v.name], v.slot, "slot of {}", v.name);
    }
    assert_eq!(json["slots"]["Teacup Temperature"], layout.find("Teacup Temperature").unwrap().slot);
    assert_eq!(json["geometry"]["n_slots"], layout.n_slots);
    assert_eq!(json["geometry"]["n_chunks"], model.program().specs.n_rows);
    assert!(json["geometry"]["results_offset"].as_u64().unwrap() > 0);
    assert_eq!(json["specs"]["dt"], 0.125);
    let imports: Vec<&str> = json["imports"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert!(imports.contains(&"exp") && imports.contains(&"pow") && imports.contains(&"mod"), "{imports:?}");
    assert!(json["imports"].as_array().unwrap().iter().all(|i| i["module"] == "millrace_math"));
}

#[test]
fn emit_wasm_of_a_model_it_cannot_lower_is_a_clean_error() {
    let body = "<aux name=\"a\"><eqn>TIME</eqn></aux>";
    let (_dir, path) = model_file("emit_too_big", "model.xmile", &common::xmile(0.0, 76_695_843.0, 1.0, body));
    let out_file = path.with_file_name("model.wasm");
    let out = millrace(&["emit-wasm", path.to_str().unwrap(), "-o", out_file.to_str().unwrap()], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("error:") && err.contains("model.xmile") && err.contains("results"), "{err}");
    assert!(!out_file.exists(), "nothing is written on error");
    let run = millrace(&["run", path.to_str().unwrap(), "--backend", "wasm"], None);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("cannot lower"), "{}", stderr(&run));
}

#[test]
fn bench_prints_a_row_per_backend_with_its_speed_up_over_the_vm() {
    let teacup = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/teacup.xmile");
    let out = millrace(&["bench", teacup, "--runs", "3", "--backends", "vm,jit"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with("240 steps, 241 saved rows, 10 slots"), "{text}");
    assert!(lines[1].starts_with("front end"), "{text}");
    let header: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(header.last(), Some(&"vm/min"), "{text}");
    let rows: Vec<Vec<&str>> = lines[3..].iter().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.iter().map(|r| r[0]).collect::<Vec<_>>(), ["vm", "jit"], "{text}");
    for row in &rows {
        assert_eq!(row[7], "3", "{text}: timed runs");
        assert!(row[8].ends_with('x') && row[9].ends_with('x'), "{text}: speed-ups");
    }
    assert_eq!(&rows[0][8..], ["1.0x", "1.0x"], "{text}: the vm against itself");

    let bad = millrace(&["bench", teacup, "--backends", "vm,fast"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("invalid value 'fast'"), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("[possible values: vm, wasm, jit]"), "{}", stderr(&bad));
}

#[test]
fn check_with_warnings_does_not_say_ok_and_can_fail_on_them() {
    // A missing </aux>: read as meant, with a warning.
    let text = vars("<aux name=\"a\"><eqn>1</eqn>\n<aux name=\"b\"><eqn>a</eqn></aux>");
    let (_dir, path) = model_file("check_warnings", "model.xmile", &text);
    let path = path.to_str().unwrap();
    let out = millrace(&["check", path], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: <aux> opened at line"), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("compiled with 1 warning (above): 2 variables"), "{}", stdout(&out));
    let strict = millrace(&["check", path, "--deny-warnings"], None);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("1 warning(s) and --deny-warnings"), "{}", stderr(&strict));
    let clean = millrace(&["check", "examples/teacup.xmile", "--deny-warnings"], None);
    assert_eq!(clean.status.code(), Some(0));
    assert!(stdout(&clean).starts_with("ok: "));
}

#[test]
fn a_conveyor_or_queue_stock_is_an_error_not_a_silent_plain_stock() {
    for (name, stock) in [
        ("conveyor", "<stock name=\"belt\"><eqn>0</eqn><inflow>inp</inflow><conveyor><len>1</len></conveyor></stock>"),
        ("queue", "<stock name=\"line\"><eqn>0</eqn><inflow>inp</inflow><queue/></stock>"),
    ] {
        let (_dir, path) =
            model_file(name, "model.xmile", &vars(&format!("{stock}\n<flow name=\"inp\"><eqn>1</eqn></flow>")));
        let out = millrace(&["run", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(err.contains(&format!("is a {name}, which Millrace does not support yet")), "{err}");
        assert!(stdout(&out).is_empty(), "no results from a model run wrongly");
    }
}
