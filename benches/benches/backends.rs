//! Per-run and compile time of every backend on teacup, SIR and WORLD3.
//! `cargo bench -p millrace-benches`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use millrace::batch::params::{ParamSets, Vary};
use millrace::batch::sink::Sink;
use millrace::batch::{self, BatchError, Plan};
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

/// Discards the batch's table: the benchmark measures the runs.
struct Discard;

impl Sink for Discard {
    fn header(&mut self, _: &[String]) -> Result<(), BatchError> {
        Ok(())
    }
    fn row(&mut self, _: u64, values: &[f64]) -> Result<(), BatchError> {
        std::hint::black_box(values);
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), BatchError> {
        Ok(())
    }
}

/// 100 WORLD3 runs with varied constants, final values of two variables, on 1 and 2
/// workers: the batch's throughput (runs per second) and how it scales.
fn batch_throughput(c: &mut Criterion) {
    let (_, path) = millrace_benches::models().into_iter().find(|(n, _)| *n == "world3").unwrap();
    let model = Model::open(&path).unwrap();
    let varies = [Vary::parse("industrial_capital_output_ratio_1=uniform(2.5, 3.5)").unwrap()];
    let params = ParamSets::samples(100, &varies, 1);
    let mut group = c.benchmark_group("batch_world3_100_runs");
    group.throughput(Throughput::Elements(100));
    for backend in [Backend::Jit, Backend::Vm] {
        for jobs in [1, 2] {
            let plan = Plan {
                params: params.clone(),
                vars: Some(vec!["population".into(), "industrial_output".into()]),
                final_only: true,
                backend,
                jobs,
                // WORLD3 draws no random numbers: the seed changes nothing.
                seed: 0,
            };
            group.bench_function(BenchmarkId::new(backend.name(), format!("{jobs} jobs")), |b| {
                b.iter(|| batch::run(&model, &plan, Box::new(Discard), &mut || {}).unwrap())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, per_run, compile, batch_throughput);
criterion_main!(benches);
