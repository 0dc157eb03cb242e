//! WORLD3-03 on the vm against Simlin's full-precision reference: every variable of
//! the reference at every saved step within 1e-9 relative (Simlin and SDEverywhere
//! agree on this model to 1e-14), read both from its XMILE translation and from the
//! original Vensim `.mdl`; and the two reads give the same bits.

use millrace::{Backend, Model};

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/world3.xmile");
const MDL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/wrld3-03.mdl");
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/reference.csv");

/// `a` and `b` agree to `rel` relative (exactly equal values, zeros included, agree).
fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs())
}

#[test]
fn world3_matches_the_reference_at_every_step() {
    matches_the_reference(MODEL);
}

#[test]
fn world3_mdl_matches_the_reference_at_every_step() {
    matches_the_reference(MDL);
}

/// The `.mdl` and the XMILE translation give the same bits for every reference column.
#[test]
fn world3_mdl_and_xmile_agree_bit_for_bit() {
    let run = |path: &str| {
        let model = Model::open(path.as_ref()).expect("WORLD3 compiles");
        let mut sim = model.simulation(Backend::Vm).unwrap();
        sim.run_to_end().unwrap();
        sim
    };
    let (xmile, mdl) = (run(MODEL), run(MDL));
    let mut reader = csv::Reader::from_path(REFERENCE).expect("the reference reads");
    let names: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    for name in &names {
        let a = xmile.series_by_name(name).unwrap();
        let b = mdl.series_by_name(name).unwrap_or_else(|e| panic!("`{name}` in the .mdl: {e}"));
        let bits = |s: &[f64]| s.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b), "`{name}` differs between world3.xmile and wrld3-03.mdl");
    }
}

fn matches_the_reference(path: &str) {
    let model = Model::open(path.as_ref()).expect("WORLD3 compiles");
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
        "WORLD3 ({path}): {checked} values compared; worst relative difference {:e} (`{}`, row {})",
        worst.0, worst.1, worst.2
    );
}
