//! The random functions end to end (docs/semantics.md, "Random functions"): every
//! function of XMILE/Stella and of Vensim gives the same bits on vm, wasm and jit;
//! seeds repeat runs exactly and another seed differs; a call's own seed ignores the
//! run seed; two call sites and two instances draw independently; draws are one per DT
//! whatever `run_to` splits; a batch is the same with 1 and 2 workers, and each of its
//! rows is repeated alone by `run --seed` with the seed the table gives.

mod common;

use common::{auxes, compile, run, xmile};
use millrace::{Backend, Model, Results};

use common::RANDOM_CALLS as XMILE_CALLS;

fn random_model() -> String {
    let mut body = auxes(XMILE_CALLS);
    body.push_str(r#"<stock name="level"><eqn>NORMAL(100, 10)</eqn><inflow>noise</inflow></stock>"#);
    body.push_str(r#"<flow name="noise"><eqn>NORMAL(0, 1) * level / 100</eqn></flow>"#);
    xmile(0.0, 20.0, 0.25, &body)
}

fn column(r: &Results, name: &str) -> Vec<f64> {
    let c = r.names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no column {name}: {:?}", r.names));
    r.rows.iter().map(|row| row[c]).collect()
}

fn seeded(model: &Model, backend: Backend, seed: u64) -> Results {
    model.run_seeded(backend, &[], false, seed).unwrap()
}

#[test]
fn every_xmile_random_function_gives_the_same_bits_on_every_backend() {
    let r = run(&random_model());
    for (name, _) in XMILE_CALLS {
        let values = column(&r, name);
        assert!(values.iter().all(|v| v.is_finite()), "{name}: {values:?}");
        assert!(values.windows(2).any(|w| w[0] != w[1]), "{name} draws anew each step");
    }
    // Whole numbers where the distribution is discrete.
    for name in ["poisson", "poisson_large", "binomial", "binomial_large", "geometric", "negbinomial"] {
        assert!(column(&r, name).iter().all(|v| v.fract() == 0.0), "{name}");
    }
}

#[test]
fn every_vensim_random_function_gives_the_same_bits_on_every_backend() {
    let body = "u = RANDOM UNIFORM(2, 5, 0) ~~|\n\
        n = RANDOM NORMAL(-1, 2, 0, 1, 0) ~~|\n\
        ns = RANDOM NORMAL(-1, 2, 0, 1, 7) ~~|\n\
        e = RANDOM EXPONENTIAL(0, 50, 5, 2, 0) ~~|\n\
        p = RANDOM POISSON(0, 100, 4, 1, 1, 0) ~~|\n\
        g = RANDOM GAMMA(0, 100, 2, 0, 1, 0) ~~|\n\
        b = RANDOM BETA(0, 1, 2, 3, 0, 1, 0) ~~|\n\
        bi = RANDOM BINOMIAL(0, 20, 0.3, 20, 0, 1, 0) ~~|\n\
        nb = RANDOM NEGATIVE BINOMIAL(0, 100, 0.4, 3, 0, 1, 0) ~~|\n\
        t = RANDOM TRIANGULAR(0, 4, 0, 1, 4, 0) ~~|\n\
        w = RANDOM WEIBULL(0, 100, 1.5, 0, 2, 0) ~~|\n\
        l = RANDOM LOGNORMAL(0, 100, 2, 1, 0) ~~|\n\
        z = RANDOM 0 1() ~~|\n";
    let text =
        format!("{{UTF-8}}\n{body}INITIAL TIME = 0 ~~|\nFINAL TIME = 10 ~~|\nTIME STEP = 0.5 ~~|\nSAVEPER = 0.5 ~~|\n");
    let model = Model::from_str(&text, "test.mdl").unwrap_or_else(|e| panic!("{e}"));
    let vm = model.run(Backend::Vm, &[]).unwrap();
    for backend in [Backend::Wasm, Backend::Jit] {
        common::assert_same(&vm, &model.run(backend, &[]).unwrap(), backend.name());
    }
    let within = |name: &str, lo: f64, hi: f64| {
        let xs = column(&vm, name);
        assert!(xs.iter().all(|x| (lo..=hi).contains(x)), "{name} in [{lo}, {hi}]: {xs:?}");
        assert!(xs.windows(2).any(|w| w[0] != w[1]), "{name} draws anew each step");
    };
    within("u", 2.0, 5.0);
    within("n", -1.0, 2.0);
    within("e", 5.0, 50.0);
    within("p", 1.0, 100.0);
    within("bi", 0.0, 20.0);
    within("nb", 3.0, 100.0);
    within("t", 0.0, 4.0);
    within("z", 0.0, 1.0);
    // Stream 0 follows the run seed; another stream number is the call's own seed.
    let other = seeded(&model, Backend::Vm, 99);
    assert_ne!(column(&vm, "n"), column(&other, "n"));
    assert_eq!(column(&vm, "ns"), column(&other, "ns"));
}

#[test]
fn the_same_seed_repeats_the_run_and_another_seed_differs() {
    let model = compile(&random_model());
    for backend in Backend::ALL {
        let a = seeded(&model, backend, 42);
        assert_eq!(format!("{a:?}"), format!("{:?}", seeded(&model, backend, 42)), "{}", backend.name());
        let b = seeded(&model, backend, 43);
        for (name, _) in XMILE_CALLS.iter().filter(|(n, _)| !n.ends_with("_seeded")) {
            assert_ne!(column(&a, name), column(&b, name), "{name} on {}", backend.name());
        }
        // A call's own seed ignores the run seed.
        for name in ["uniform_seeded", "normal_seeded"] {
            assert_eq!(column(&a, name), column(&b, name), "{name}");
        }
        common::assert_same(&seeded(&model, Backend::Vm, 43), &b, backend.name());
    }
}

#[test]
fn reset_keeps_the_seed_clear_values_restores_the_default() {
    let model = compile(&random_model());
    for backend in Backend::ALL {
        let mut sim = model.simulation(backend).unwrap();
        sim.set_seed(7).unwrap();
        sim.run_to_end().unwrap();
        let first = sim.series_by_name("normal").unwrap();
        sim.reset().unwrap();
        sim.run_to_end().unwrap();
        assert_eq!(first, sim.series_by_name("normal").unwrap(), "{}: reset keeps the seed", backend.name());
        assert_eq!(first, column(&seeded(&model, Backend::Vm, 7), "normal"));
        sim.clear_values().unwrap();
        sim.reset().unwrap();
        sim.run_to_end().unwrap();
        assert_eq!(sim.series_by_name("normal").unwrap(), column(&seeded(&model, Backend::Vm, 0), "normal"));
        assert!(sim.set_seed(1 << 53).is_err(), "a seed above 2^53 - 1 is refused");
    }
}

#[test]
fn two_call_sites_with_the_same_arguments_are_independent() {
    // 2,000 steps: |r| < 5 / sqrt(n) = 0.11 fails with probability below 10^-6 for
    // independent draws.
    let body = auxes(&[("a", "NORMAL(0, 1)"), ("b", "NORMAL(0, 1)"), ("c", "NORMAL(0, 1) + 0 * NORMAL(0, 1)")]);
    let r = run(&xmile(0.0, 2000.0, 1.0, &body));
    let (a, b, c) = (column(&r, "a"), column(&r, "b"), column(&r, "c"));
    let n = a.len() as f64;
    let corr = |x: &[f64], y: &[f64]| {
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let cov: f64 = x.iter().zip(y).map(|(p, q)| (p - mx) * (q - my)).sum();
        let vx: f64 = x.iter().map(|p| (p - mx).powi(2)).sum();
        let vy: f64 = y.iter().map(|q| (q - my).powi(2)).sum();
        cov / (vx * vy).sqrt()
    };
    for (what, x, y) in [("a, b", &a, &b), ("a, c", &a, &c), ("b, c", &b, &c)] {
        let r = corr(x, y);
        assert!(r.abs() < 5.0 / n.sqrt(), "{what}: correlation {r}");
    }
}

#[test]
fn instances_of_one_module_draw_independently() {
    let body = r#"<module name="m1"/><module name="m2"/><aux name="d"><eqn>m1.x - m2.x</eqn></aux>"#;
    let text = xmile(0.0, 10.0, 1.0, body)
        .replace(
            "</xmile>",
            r#"<model name="m"><variables><aux name="x"><eqn>NORMAL(0, 1)</eqn></aux></variables></model></xmile>"#,
        )
        .replace("<module name=\"m1\"/>", "<module name=\"m1\" model_name=\"m\"/>")
        .replace("<module name=\"m2\"/>", "<module name=\"m2\" model_name=\"m\"/>");
    let r = run(&text);
    let (x1, x2) = (column(&r, "m1.x"), column(&r, "m2.x"));
    assert!(x1.iter().zip(&x2).all(|(a, b)| a != b), "{x1:?} {x2:?}");
}

#[test]
fn a_draw_is_one_per_step_whatever_run_to_splits() {
    let model = compile(&random_model());
    let whole = seeded(&model, Backend::Vm, 3);
    for backend in Backend::ALL {
        let mut sim = model.simulation(backend).unwrap();
        sim.set_seed(3).unwrap();
        for t in [0.0, 0.1, 2.5, 2.5, 7.0, 19.9, 100.0] {
            sim.run_to(t).unwrap();
        }
        common::assert_same(&whole, &sim.results(), backend.name());
    }
}

#[test]
fn a_batch_is_the_same_with_one_and_two_workers_and_each_row_repeats_alone() {
    let body = format!(
        "{}<aux name=\"k\"><eqn>1</eqn></aux>",
        auxes(&[("x", "NORMAL(k, 1)"), ("y", "POISSON(k * 3)"), ("z", "RANDOM(0, k, 5)")])
    );
    // Removed on drop, also when the test panics.
    let dir = tempfile::Builder::new().prefix("millrace-random-").tempdir().unwrap();
    let path = dir.path().join("noise.xmile");
    std::fs::write(&path, xmile(0.0, 5.0, 1.0, &body)).unwrap();
    let p = path.to_str().unwrap();
    let batch = |jobs: &str| {
        let args = ["batch", p, "--sweep", "k=1:3:5", "--seed", "9", "--final-only", "--jobs", jobs];
        let out = common::cli::millrace(&args, "");
        assert!(out.status.success(), "{}", common::cli::stderr(&out));
        common::cli::stdout(&out)
    };
    let one = batch("1");
    assert_eq!(one, batch("2"));
    let mut lines = one.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], ["run", "k (parameter)", "seed"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 5);
    let seeds: std::collections::HashSet<&str> = rows.iter().map(|r| r[2]).collect();
    assert_eq!(seeds.len(), 5, "every run has its own seed");
    for row in &rows {
        let (k, seed) = (row[1], row[2]);
        let out = common::cli::millrace(&["run", p, "--set", &format!("k={k}"), "--seed", seed], "");
        assert!(out.status.success(), "{}", common::cli::stderr(&out));
        let text = common::cli::stdout(&out);
        let mut run_lines = text.lines();
        let names: Vec<&str> = run_lines.next().unwrap().split(',').collect();
        let last: Vec<&str> = run_lines.last().unwrap().split(',').collect();
        for (i, name) in names.iter().enumerate().skip(1) {
            let c = header.iter().rposition(|h| h == name).unwrap();
            assert_eq!(last[i], row[c], "run {}: {name}", row[0]);
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_graphical_function_named_like_a_random_function_is_still_a_lookup() {
    let body = r#"<aux name="normal"><eqn>TIME</eqn><gf><xscale min="0" max="1"/><ypts>0,10</ypts></gf></aux>
<aux name="y"><eqn>normal(0.5)</eqn></aux>"#;
    let r = run(&xmile(0.0, 1.0, 1.0, body));
    assert_eq!(column(&r, "y"), [5.0, 5.0]);
}

/// `(run, row as f64 bits)` pairs, in the order a sink got them.
type KeptRows = std::sync::Arc<std::sync::Mutex<Vec<(u64, Vec<u64>)>>>;

/// A sink keeping its rows, for comparing tables without a file.
struct Rows(KeptRows);

impl millrace::batch::sink::Sink for Rows {
    fn header(&mut self, _: &[String]) -> Result<(), millrace::batch::BatchError> {
        Ok(())
    }
    fn row(&mut self, run: u64, values: &[f64]) -> Result<(), millrace::batch::BatchError> {
        self.0.lock().unwrap().push((run, values.iter().map(|v| v.to_bits()).collect()));
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), millrace::batch::BatchError> {
        Ok(())
    }
}

#[test]
fn a_chunk_numbered_from_its_first_run_is_that_part_of_the_whole_batch() {
    use millrace::batch::{self, Plan, params::ParamSets};
    let body = format!("{}<aux name=\"k\"><eqn>1</eqn></aux>", auxes(&[("x", "NORMAL(k, 1)")]));
    let model = compile(&xmile(0.0, 3.0, 1.0, &body));
    let values: Vec<Vec<f64>> = (0..10).map(|i| vec![i as f64]).collect();
    let plan = |rows: &[Vec<f64>]| Plan {
        params: ParamSets::from_rows(vec!["k".into()], rows.to_vec()),
        vars: None,
        final_only: false,
        backend: Backend::Vm,
        jobs: 2,
        seed: 9,
    };
    let table = |rows: &[Vec<f64>], first: Option<usize>| {
        let kept = KeptRows::default();
        let sink = Box::new(Rows(std::sync::Arc::clone(&kept)));
        match first {
            None => batch::run(&model, &plan(rows), sink, &mut || {}),
            Some(first) => batch::run_numbered_from(&model, &plan(rows), first, sink, &mut || {}),
        }
        .unwrap();
        std::sync::Arc::try_unwrap(kept).unwrap().into_inner().unwrap()
    };
    let whole = table(&values, None);
    let chunk = table(&values[4..], Some(4));
    let rows_per_run = whole.len() / 10;
    assert_eq!(chunk.as_slice(), &whole[4 * rows_per_run..], "runs 4.. numbered and seeded as in the whole batch");
    // Numbered from 0 instead, the same rows get other seeds: the numbering matters.
    assert_ne!(table(&values[4..], Some(0))[0].1, whole[4 * rows_per_run].1);
}
