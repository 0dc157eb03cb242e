//! C-LEARN v77 (Climate Interactive; ~1,800 variables, arrays, vector functions) on
//! every backend, against Simlin's reference output (`reference.csv.gz`, 3,606
//! columns), vendored in `tests/models/clearn` (from `../shared/models/clearn`), read
//! from its XMILE translation and from Vensim's own `.mdl`.
//!
//! Every reference column the model has must match under the corpus tolerance at
//! every saved row; the backends must agree bit for bit. The columns the model has
//! no variable for are the run's control values (INITIAL TIME, FINAL TIME, DT) and one
//! name Simlin writes with a one-dot leader (U+2024) for the `.` of the model's name;
//! the `.mdl` also lacks the `<stock>_net_flow` variables Simlin's translation adds
//! (Vensim integrates a stock's INTEG rate as written, with no variable of its own).

use std::io::Read;

use millrace::{Backend, Model};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/clearn");

fn tolerant(want: f64, got: f64) -> bool {
    (want - got).abs() <= 2e-3 + 5e-6 * want.abs() || (want.abs() < 1e-6 && got.abs() < 1e-6)
}

#[test]
fn clearn_matches_the_reference_on_every_backend() {
    check("clearn.xmile", &[]);
}

#[test]
fn clearn_read_from_vensim_mdl_matches_the_reference_on_every_backend() {
    let net_flows = [
        "c_in_deep_ocean",
        "c_in_mixed_layer",
        "cumulative_co2_in_time_period",
        "cumulative_co2eq_in_2000_to_2049",
        "cumulative_co2eq_in_time_period",
        "heat_in_atmosphere_and_upper_ocean",
        "heat_in_deep_ocean",
        "im_7_global_reductions",
        "im_7_reductions",
        "total_c_from_permafrost",
        "total_ch4_released",
    ];
    check("C-LEARN v77 for Vensim.mdl", &net_flows);
}

/// Runs `file` on every backend and checks it against the reference; `net_flows`: the
/// stocks whose `<stock>_net_flow` columns the model has no variable for.
fn check(name: &str, net_flows: &[&str]) {
    let model = Model::open(format!("{DIR}/{name}").as_ref()).expect("C-LEARN compiles");
    let vm = model.run(Backend::Vm, &[]).expect("C-LEARN runs on the vm");
    for backend in Backend::ALL.into_iter().filter(|&b| b != Backend::Vm) {
        let other = model.run(backend, &[]).unwrap_or_else(|e| panic!("{}: {e}", backend.name()));
        assert_eq!(other.names, vm.names, "{}", backend.name());
        let same = vm
            .rows
            .iter()
            .flatten()
            .zip(other.rows.iter().flatten())
            .all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
        assert!(same, "{} differs from the vm", backend.name());
    }

    let mut text = String::new();
    let file = std::fs::File::open(format!("{DIR}/reference.csv.gz")).expect("the reference is there");
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).expect("the reference decompresses");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<Vec<f64>> =
        reader.records().map(|r| r.unwrap().iter().map(|v| v.parse::<f64>().expect("a number")).collect()).collect();
    assert_eq!(vm.rows.len(), rows.len(), "saved rows");

    let key = |n: &str| millrace::engine::canonical::canonical(n).replace(",_", ",");
    let ours: std::collections::HashMap<String, usize> =
        vm.names.iter().enumerate().map(|(i, n)| (key(n), i)).collect();
    let (mut matched, mut missing, mut worst) = (0, Vec::new(), (0.0f64, String::new()));
    for (col, name) in names.iter().enumerate().skip(1) {
        let Some(&i) = ours.get(&key(name)) else {
            missing.push(name.clone());
            continue;
        };
        for (r, row) in rows.iter().enumerate() {
            let (want, got) = (row[col], vm.rows[r][i]);
            if want.is_nan() && got.is_nan() {
                continue;
            }
            assert!(tolerant(want, got), "`{name}` at time {}: want {want}, got {got}", row[0]);
            let rel = if want == got { 0.0 } else { (want - got).abs() / want.abs().max(got.abs()) };
            if rel > worst.0 {
                worst = (rel, name.clone());
            }
        }
        matched += 1;
    }
    // A net flow is named by its stock, with its stock's subscripts.
    let is_net_flow = |n: &str| {
        let base = n.split('[').next().unwrap_or(n);
        base.strip_suffix("_net_flow").is_some_and(|stock| net_flows.contains(&stock))
    };
    let flows = missing.iter().filter(|n| is_net_flow(n)).count();
    missing.retain(|n| !is_net_flow(n));
    missing.sort();
    assert_eq!(missing, ["dt", "final_time", "goal_1\u{2024}5_for_temperature", "initial_time"], "unmatched columns");
    assert_eq!(flows > 0, !net_flows.is_empty(), "net flow columns");

    assert_eq!(matched, names.len() - 1 - missing.len() - flows);
    println!("C-LEARN ({name}): {matched} columns match; worst relative difference {:e} (`{}`)", worst.0, worst.1);
}
