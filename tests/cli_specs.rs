//! `--start --stop --dt --save-every --method` on run, batch, bench and session: the same bytes
//! as a file declaring those specs, and the same checks as the file's own specs.

mod common;

use common::cli::{millrace, stderr};
use tempfile::TempDir;

/// A fresh temporary directory, removed when dropped (also when the test panics).
fn scratch(test: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("millrace-cli-specs-{test}-")).tempdir().unwrap()
}

/// Writes `text` to `name` in `dir` and returns its path.
fn model_file(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A stock fed through a fixed DELAY (its ring is sized by the run's step count, so a
/// longer run must be compiled for its own length, not the file's).
fn delayed(start: f64, stop: f64, dt: f64, save: Option<f64>) -> String {
    let body = r#"<stock name="level"><eqn>1</eqn><inflow>inflow</inflow></stock>
        <flow name="inflow"><eqn>DELAY(pulse_in, 1.5, 0.25)</eqn></flow>
        <aux name="pulse_in"><eqn>IF TIME &gt;= 2 THEN 4 ELSE 1</eqn></aux>
        <aux name="k"><eqn>3</eqn></aux>"#;
    let text = common::xmile(start, stop, dt, body);
    match save {
        Some(s) => text.replace("</sim_specs>", &format!("<savestep>{s}</savestep></sim_specs>")),
        None => text,
    }
}

#[test]
fn overridden_specs_give_the_bytes_of_a_file_declaring_them() {
    let dir = scratch("same");
    let file = model_file(&dir, "file.xmile", &delayed(0.0, 4.0, 0.5, None));
    let declared = model_file(&dir, "declared.xmile", &delayed(-1.0, 9.0, 0.25, Some(0.5)));
    let flags = ["--start", "-1", "--stop", "9", "--dt", "0.25", "--save-every", "0.5"];
    for backend in ["vm", "wasm", "jit"] {
        let expected = millrace(&["run", &declared, "--backend", backend], "");
        assert!(expected.status.success(), "{}", stderr(&expected));
        let mut args = vec!["run", file.as_str(), "--backend", backend];
        args.extend(flags);
        let got = millrace(&args, "");
        assert!(got.status.success(), "{backend}: {}", stderr(&got));
        assert_eq!(got.stdout, expected.stdout, "{backend}");
        assert_eq!(String::from_utf8_lossy(&got.stdout).lines().count(), 1 + 21, "{backend}: 21 saved rows");
    }

    let mut batch_args = vec!["batch", file.as_str(), "--sweep", "k=1:2:2", "--backend", "vm"];
    batch_args.extend(flags);
    let got = millrace(&batch_args, "");
    let expected = millrace(&["batch", &declared, "--sweep", "k=1:2:2", "--backend", "vm"], "");
    assert!(got.status.success(), "{}", stderr(&got));
    assert_eq!(got.stdout, expected.stdout);

    let script = "run_to_end\nseries level\ntime\n";
    let mut session_args = vec!["session", file.as_str()];
    session_args.extend(flags);
    assert_eq!(millrace(&session_args, script).stdout, millrace(&["session", &declared], script).stdout);

    let mut bench_args = vec!["bench", file.as_str(), "--runs", "1", "--backends", "vm"];
    bench_args.extend(flags);
    let bench = millrace(&bench_args, "");
    assert!(String::from_utf8_lossy(&bench.stdout).contains(": 40 steps, 21 saved rows"), "{}", stderr(&bench));
}

#[test]
fn overridden_specs_are_checked_as_the_files_are() {
    let dir = scratch("checks");
    let file = model_file(&dir, "model.xmile", &delayed(0.0, 4.0, 0.5, None));
    let cases: [(&[&str], &str); 4] = [
        (&["--dt", "0"], "dt must be positive"),
        (&["--stop", "-1"], "stop time -1 is before start time 0"),
        (&["--dt", "nan"], "dt must be a finite number"),
        (&["--save-every", "-2"], "the save interval must be positive"),
    ];
    for (flags, want) in cases {
        let mut args = vec!["run", file.as_str()];
        args.extend(flags);
        let out = millrace(&args, "");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {err}");
        assert!(err.contains(want) && err.contains("from the command line"), "{flags:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // A save interval that is not a whole number of DTs warns, as in a file.
    let out = millrace(&["run", &file, "--save-every", "0.7"], "");
    assert!(out.status.success());
    assert!(stderr(&out).contains("not a whole number of DTs"), "{}", stderr(&out));
}

/// `--method` on run, batch, session and bench: the bytes of a file declaring the method,
/// on every backend; an unknown method is refused with the names of the known ones.
#[test]
fn the_method_flag_gives_the_bytes_of_a_file_declaring_it() {
    let body = r#"<stock name="level"><eqn>1</eqn><outflow>drain</outflow></stock>
        <flow name="drain"><eqn>level * k + SIN(TIME)</eqn></flow>
        <aux name="k"><eqn>0.3</eqn></aux>"#;
    let plain = common::xmile(0.0, 4.0, 0.5, body);
    let dir = scratch("method");
    let file = model_file(&dir, "file.xmile", &plain);
    for method in ["rk2", "rk4"] {
        let text = plain.replace("<sim_specs>", &format!("<sim_specs method=\"{}\">", method.to_uppercase()));
        let declared = model_file(&dir, &format!("{method}.xmile"), &text);
        let euler = millrace(&["run", &file], "");
        for backend in ["vm", "wasm", "jit"] {
            let expected = millrace(&["run", &declared, "--backend", backend], "");
            let got = millrace(&["run", &file, "--backend", backend, "--method", method], "");
            assert!(got.status.success(), "{method} {backend}: {}", stderr(&got));
            assert_eq!(got.stdout, expected.stdout, "{method} {backend}");
            assert_ne!(got.stdout, euler.stdout, "{method} changes the run");
        }
        let batch = ["batch", file.as_str(), "--sweep", "k=0.1:0.5:3", "--method", method];
        let expected = millrace(&["batch", &declared, "--sweep", "k=0.1:0.5:3"], "");
        assert_eq!(millrace(&batch, "").stdout, expected.stdout, "{method} batch");
        let script = "run_to_end\nseries level\n";
        let session = millrace(&["session", &file, "--method", method], script).stdout;
        assert_eq!(session, millrace(&["session", &declared], script).stdout, "{method} session");
        let bench = millrace(&["bench", &file, "--runs", "1", "--backends", "vm", "--method", method], "");
        assert!(bench.status.success(), "{method} bench: {}", stderr(&bench));
    }
    let out = millrace(&["run", &file, "--method", "gear"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("euler, rk2, rk4"), "{}", stderr(&out));
}
