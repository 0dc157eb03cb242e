//! Per-run and compile time of every backend on teacup, SIR and WORLD3.
//! `cargo bench -p millrace-benches`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use millrace::{Backend, Model};

fn per_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("run");
    for (name, path) in millrace_benches::models() {
        let model = Model::open(&path).unwrap();
        for backend in Backend::ALL {
            let mut sim = model.simulation(backend).unwrap();
            group.bench_function(BenchmarkId::new(backend.name(), name), |b| {
                b.iter(|| {
                    sim.reset().unwrap();
                    sim.run_to_end().unwrap();
                })
            });
        }
    }
    group.finish();
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    for (name, path) in millrace_benches::models() {
        let text = std::fs::read_to_string(&path).unwrap();
        group.bench_function(BenchmarkId::new("engine", name), |b| b.iter(|| Model::from_str(&text, "m").unwrap()));
        let model = Model::open(&path).unwrap();
        for backend in Backend::ALL {
            group.bench_function(BenchmarkId::new(backend.name(), name), |b| {
                b.iter(|| model.compile_backend(backend).unwrap());
            });
        }
    }
    group.finish();
}

criterion_group!(benches, per_run, compile);
criterion_main!(benches);
