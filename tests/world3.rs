//! WORLD3-03 on the vm against Simlin's full-precision reference: every variable of
//! the reference at every saved step within 1e-9 relative (Simlin and SDEverywhere
//! agree on this model to 1e-14).

use millrace::{Backend, Model};

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/world3.xmile");
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/reference.csv");

/// `a` and `b` agree to `rel` relative (exactly equal values, zeros included, agree).
fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs())
}

#[test]
fn world3_matches_the_reference_at_every_step() {
    let model = Model::open(MODEL.as_ref()).expect("WORLD3 compiles");
    let mut sim = model.simulation(Backend::Vm).unwrap();
    sim.run_to_end().unwrap();

    let mut reader = csv::Reader::from_path(REFERENCE).expect("the reference reads");
    let names: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<Vec<f64>> =
        reader.records().map(|r| r.unwrap().iter().map(|v| v.parse::<f64>().expect("a number")).collect()).collect();
    assert_eq!(rows.len(), 401, "reference rows");
    assert_eq!(sim.saved_rows(), rows.len(), "saved rows");

    let mut worst = (0.0f64, String::new(), 0usize);
    let mut checked = 0;
    for (col, name) in names.iter().enumerate() {
        let ours = sim.series_by_name(name).unwrap_or_else(|e| panic!("reference column `{name}`: {e}"));
        for (row, want) in rows.iter().map(|r| r[col]).enumerate() {
            let got = ours[row];
            assert!(
                close(got, want, 1e-9),
                "`{name}` at row {row} (time {}): got {got:?}, want {want:?}",
                rows[row][0]
            );
            let rel = if got == want { 0.0 } else { (got - want).abs() / got.abs().max(want.abs()) };
            if rel > worst.0 {
                worst = (rel, name.clone(), row);
            }
            checked += 1;
        }
    }
    assert_eq!(names.len(), 260, "every reference column was compared");
    println!(
        "WORLD3: {checked} values compared; worst relative difference {:e} (`{}`, row {})",
        worst.0, worst.1, worst.2
    );
}
