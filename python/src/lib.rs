//! `millrace_sd._native`: the Rust side of the Python package. It hands columns to
//! Python as little-endian f64 bytes (one `bytes` object per column), which NumPy views
//! with `frombuffer` without another copy and without tying this crate to a NumPy
//! binding's version; `millrace_sd/__init__.py` builds the DataFrames.
//!
//! Batches go through `millrace::batch::run`, the CLI's code, with a sink that keeps the
//! table in memory, so the rows are the CLI's rows bit for bit; a sweep grid or samples
//! are the CLI's `ParamSets` too (`NativeParams`). The GIL is released while a run or a
//! batch computes.
//!
//! An integration method other than the model's own is a different compiled program
//! (the stocks phase has one part per stage), so a model keeps one compiled `Model`
//! per method asked for, made from the file on first use, as `millrace --method` opens
//! it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use millrace::batch::params::{MAX_RUNS, ParamSets, Sweep, Vary};
use millrace::batch::sink::Sink;
use millrace::batch::{self, BatchError, Plan};
use millrace::engine::ir::Layout;
use millrace::engine::numerics::random::DEFAULT_SEED;
use millrace::engine::sim::check_overridable;
use millrace::{Backend, Method, Model, Simulation, SpecOverrides};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

create_exception!(
    _native,
    MillraceError,
    PyException,
    "A Millrace error: the message names the file, line and variable."
);

fn error(e: impl std::fmt::Display) -> PyErr {
    MillraceError::new_err(e.to_string())
}

fn backend(name: &str) -> PyResult<Backend> {
    name.parse::<Backend>().map_err(error)
}

/// `name` as an integration method, with the CLI's message for a wrong one.
fn method(name: &str) -> Result<Method, String> {
    Method::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        format!("`{name}` is not an integration method (one of: {})", names.join(", "))
    })
}

fn f64_bytes<'py>(py: Python<'py>, values: &[f64]) -> Bound<'py, PyBytes> {
    let mut bytes = Vec::with_capacity(values.len() * 8);
    for v in values {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    PyBytes::new(py, &bytes)
}

/// `(name, kind, value at the start, overridable, a default output, documented units)`.
type VariableRow = (String, String, f64, bool, bool, Option<String>);

/// `(columns, run numbers as i64 bytes, one f64 column of bytes each)`.
type BatchTable<'py> = (Vec<String>, Bound<'py, PyBytes>, Vec<Bound<'py, PyBytes>>);

/// `vars` with each bare name of an array replaced by its elements' names, as
/// `millrace run --vars` selects them (`Layout::select`). A name that selects nothing
/// is kept as given, so the batch refuses it with its own message.
fn expand_vars(layout: &Layout, vars: &[String]) -> Vec<String> {
    let mut names = Vec::with_capacity(vars.len());
    for name in vars {
        let found = layout.select(name);
        if found.is_empty() {
            names.push(name.clone());
        }
        names.extend(found.into_iter().map(|v| v.name.clone()));
    }
    names
}

/// A compiled model (each backend's code generated once, shared by its simulations and
/// batches).
#[pyclass(module = "millrace_sd._native", frozen)]
struct NativeModel {
    path: PathBuf,
    /// The model with its own sim specs.
    model: Model,
    /// The model compiled with each other method (`Method::ALL` order), on first use,
    /// kept so that runs and batches with a method compile it once, not once each.
    /// A failure is kept too: the same file gives the same error.
    by_method: [OnceLock<Result<Model, String>>; 3],
}

impl NativeModel {
    /// The model to run with `method` (None: the model's own): the model itself when
    /// the method is its own, else its compilation with that method, made once.
    /// (A `String` error, not a `PyErr`: it is called with the GIL released.)
    fn with_method(&self, method: Option<&str>) -> Result<&Model, String> {
        let Some(name) = method else { return Ok(&self.model) };
        let method = self::method(name)?;
        if method == self.model.program().specs.method {
            return Ok(&self.model);
        }
        let k = Method::ALL.iter().position(|&m| m == method).expect("Method::ALL lists every method");
        let compiled = self.by_method[k].get_or_init(|| {
            let specs = SpecOverrides { method: Some(method), ..Default::default() };
            Model::open_with_specs(&self.path, &specs).map_err(|e| e.to_string())
        });
        compiled.as_ref().map_err(Clone::clone)
    }
}

#[pymethods]
impl NativeModel {
    #[new]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<NativeModel> {
        let model = py.detach(|| Model::open(&path)).map_err(error)?;
        Ok(NativeModel { path, model, by_method: Default::default() })
    }

    /// The model's warnings, one message each.
    fn warnings(&self) -> Vec<String> {
        self.model.warnings().iter().map(|w| w.to_string()).collect()
    }

    /// `(name, kind, default, overridable, output, units)` for every named variable, in
    /// output order; defaults are the values at the start time on the vm. The units are
    /// the file's (`Model::notes`, what `millrace vars` shows; an element has its array's).
    fn variables(&self) -> PyResult<Vec<VariableRow>> {
        let program = self.model.program();
        let mut sim = self.model.simulation(Backend::Vm).map_err(error)?;
        // The start-time values: a run to before the start computes the initial values
        // and saves them as row 0, taking no step.
        sim.run_to(f64::NEG_INFINITY).map_err(error)?;
        program
            .layout
            .vars
            .iter()
            .map(|v| {
                let value = sim.saved_value(0, v.slot).map_err(error)?;
                let settable = check_overridable(program, v.slot).is_ok();
                let units = self.model.notes(&v.name).and_then(|n| n.units.clone());
                Ok((v.name.clone(), format!("{:?}", v.kind), value, settable, v.output, units))
            })
            .collect()
    }

    /// One whole run with `method` (None: the model's own) and the random functions'
    /// run seed `seed`, set after the overrides as `millrace run --seed` sets it:
    /// `(column names, one f64 column of bytes each)`, `time` first.
    #[pyo3(signature = (backend, overrides, vars=None, method=None, seed=DEFAULT_SEED))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        backend: &str,
        overrides: Vec<(String, f64)>,
        vars: Option<Vec<String>>,
        method: Option<&str>,
        seed: u64,
    ) -> PyResult<(Vec<String>, Vec<Bound<'py, PyBytes>>)> {
        let backend = self::backend(backend)?;
        let results = py
            .detach(|| -> Result<_, String> {
                let model = self.with_method(method)?;
                let mut sim = model.simulation(backend).map_err(|e| e.to_string())?;
                for (name, value) in &overrides {
                    sim.set_by_name(name, *value).map_err(|e| e.to_string())?;
                }
                sim.set_seed(seed).map_err(|e| e.to_string())?;
                sim.run_to_end().map_err(|e| e.to_string())?;
                let mut names = vec!["time".to_owned()];
                let mut slots = vec![millrace::engine::ir::Global::Time.slot()];
                match &vars {
                    // As `millrace run --vars`: a bare array name is all its elements.
                    Some(vars) => {
                        let layout = &model.program().layout;
                        for name in vars {
                            let found = layout.select(name);
                            if found.is_empty() {
                                return Err(format!("vars: unknown variable `{name}`{}", layout.hint(name)));
                            }
                            names.extend(found.iter().map(|v| v.name.clone()));
                            slots.extend(found.iter().map(|v| v.slot));
                        }
                    }
                    None => {
                        let all = sim.results();
                        names = all.names;
                        slots = all.slots;
                    }
                }
                let columns =
                    slots.iter().map(|&s| sim.series(s)).collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
                Ok((names, columns))
            })
            .map_err(error)?;
        let (names, columns) = results;
        Ok((names, columns.iter().map(|c| f64_bytes(py, c)).collect()))
    }

    /// A live simulation on `backend` with `method` (None: the model's own).
    #[pyo3(signature = (backend, method=None))]
    fn simulation(&self, py: Python<'_>, backend: &str, method: Option<&str>) -> PyResult<NativeSimulation> {
        let backend = self::backend(backend)?;
        let model = py.detach(|| self.with_method(method)).map_err(error)?;
        let sim = py.detach(|| model.simulation(backend)).map_err(error)?;
        Ok(NativeSimulation { sim: Mutex::new(sim), program: model.program().clone() })
    }

    /// A batch through the CLI's batch code: `names` and one row of values per run, or
    /// `sets` (a sweep grid or samples; `names` and `rows` are then empty), with
    /// `method` (None: the model's own) and the batch seed `seed` (run k's seed
    /// derives from it and k, as in `millrace batch --seed`). The runs are numbered
    /// from `first_run` (a chunk of a bigger batch: its run numbers and seeds).
    /// Returns `(columns, run numbers as i64 bytes, one f64 column of bytes each)`.
    /// `progress`, if given, is called with the number of runs written so far, about
    /// every 1% of the runs (with the GIL, briefly). A bare array name in `vars` is all
    /// its elements (`expand_vars`).
    #[pyo3(signature = (names, rows, vars, final_only, backend, jobs, progress=None, method=None, seed=0, first_run=0, sets=None))]
    #[allow(clippy::too_many_arguments)]
    fn batch<'py>(
        &self,
        py: Python<'py>,
        names: Vec<String>,
        rows: Vec<Vec<f64>>,
        vars: Option<Vec<String>>,
        final_only: bool,
        backend: &str,
        jobs: usize,
        progress: Option<Py<PyAny>>,
        method: Option<&str>,
        seed: u64,
        first_run: usize,
        sets: Option<PyRef<'py, NativeParams>>,
    ) -> PyResult<BatchTable<'py>> {
        if let Some(bad) = rows.iter().position(|r| r.len() != names.len()) {
            return Err(error(format!("params: run {bad} has {} values for {} names", rows[bad].len(), names.len())));
        }
        let (params, n) = match sets {
            // A grid or samples is its specs (a few numbers each), generated run by run.
            Some(sets) => (sets.sets.clone(), sets.runs),
            None => {
                let n = rows.len();
                (ParamSets::from_rows(names, rows), n)
            }
        };
        let model = py.detach(|| self.with_method(method)).map_err(error)?;
        let plan = Plan {
            params,
            vars: vars.map(|v| expand_vars(&model.program().layout, &v)),
            final_only,
            backend: self::backend(backend)?,
            jobs: jobs.max(1),
            seed,
        };
        let table = Arc::new(Mutex::new(Table::default()));
        let sink = Box::new(MemorySink { table: table.clone() });
        let every = (n / 100).max(1);
        let mut written = 0usize;
        let outcome = py.detach(|| {
            batch::run_numbered_from(model, &plan, first_run, sink, &mut || {
                written += 1;
                if let Some(callback) = &progress
                    && (written.is_multiple_of(every) || written == n)
                {
                    // A failing callback must not stop the batch half-written; its
                    // error is dropped.
                    Python::attach(|py| {
                        let _ = callback.call1(py, (written,));
                    });
                }
            })
        });
        outcome.map_err(error)?;
        let table = std::mem::take(&mut *table.lock().map_err(|_| error("batch table poisoned"))?);
        let mut runs = Vec::with_capacity(table.runs.len() * 8);
        for r in &table.runs {
            runs.extend_from_slice(&r.to_le_bytes());
        }
        Ok((table.columns, PyBytes::new(py, &runs), table.values.iter().map(|c| f64_bytes(py, c)).collect()))
    }
}

/// A batch's parameter sets from the CLI's own code: the grid of `millrace batch
/// --sweep NAME=LO:HI:N...` (`Sweep::parse`, `ParamSets::grid`) or the draws of
/// `--samples N --vary NAME=DIST(...)... --seed S` (`Vary::parse`, `ParamSets::samples`),
/// so the runs are the CLI's, bit for bit. Checked when made (the specs, the run
/// count); the rows are generated as the batch takes them, not stored.
#[pyclass(module = "millrace_sd._native", frozen)]
struct NativeParams {
    sets: ParamSets,
    runs: usize,
}

impl NativeParams {
    fn checked(sets: ParamSets) -> PyResult<NativeParams> {
        let runs = sets.rows.count().map_err(error)?;
        Ok(NativeParams { sets, runs })
    }
}

#[pymethods]
impl NativeParams {
    /// The grid of `sweeps` (`NAME=LO:HI:N` each), the first varying slowest.
    #[staticmethod]
    fn grid(sweeps: Vec<String>) -> PyResult<NativeParams> {
        if sweeps.is_empty() {
            return Err(error("sweep: give at least one NAME=LO:HI:N"));
        }
        let sweeps = sweeps.iter().map(|t| Sweep::parse(t)).collect::<Result<Vec<_>, _>>().map_err(error)?;
        NativeParams::checked(ParamSets::grid(&sweeps))
    }

    /// `n` draws of every `vary` (`NAME=DIST(...)` each) from the stream of `seed`.
    #[staticmethod]
    fn samples(n: u64, varies: Vec<String>, seed: u64) -> PyResult<NativeParams> {
        // The CLI's count rule and message (`--samples N`: 1 to MAX_RUNS).
        millrace::value::count(&n.to_string(), 1, MAX_RUNS).map_err(|e| error(format!("--samples {e}")))?;
        if varies.is_empty() {
            return Err(error("--samples needs at least one --vary NAME=DIST(...)"));
        }
        let varies = varies.iter().map(|t| Vary::parse(t)).collect::<Result<Vec<_>, _>>().map_err(error)?;
        let n = usize::try_from(n).map_err(|_| error(format!("--samples {n}: too many for this machine")))?;
        NativeParams::checked(ParamSets::samples(n, &varies, seed))
    }

    /// The constants set, in column order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.sets.names.clone()
    }

    fn __len__(&self) -> usize {
        self.runs
    }

    /// Every run's values, in run order (for a Dask batch, which sends rows).
    fn rows(&self) -> Vec<Vec<f64>> {
        self.sets.rows.iter().collect()
    }
}

/// The batch's table, by column.
#[derive(Default)]
struct Table {
    columns: Vec<String>,
    runs: Vec<i64>,
    values: Vec<Vec<f64>>,
}

/// A sink keeping the table in memory (shared with the caller, which takes it after
/// `batch::run` returns).
struct MemorySink {
    table: Arc<Mutex<Table>>,
}

impl Sink for MemorySink {
    fn header(&mut self, columns: &[String]) -> Result<(), BatchError> {
        let mut t = self.table.lock().map_err(|_| BatchError::Output("poisoned".into()))?;
        t.columns = columns.to_vec();
        t.values = vec![Vec::new(); columns.len()];
        Ok(())
    }

    fn row(&mut self, run: u64, values: &[f64]) -> Result<(), BatchError> {
        let mut t = self.table.lock().map_err(|_| BatchError::Output("poisoned".into()))?;
        t.runs.push(run as i64);
        for (column, &v) in t.values.iter_mut().zip(values) {
            column.push(v);
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), BatchError> {
        Ok(())
    }
}

/// The live-state API over one simulation; names are looked up in the model's layout.
#[pyclass(module = "millrace_sd._native")]
struct NativeSimulation {
    sim: Mutex<Box<dyn Simulation + Send>>,
    program: Arc<millrace::Program>,
}

impl NativeSimulation {
    fn slot(&self, name: &str) -> PyResult<u32> {
        self.program.layout.find(name).map(|v| v.slot).ok_or_else(|| error(format!("unknown variable `{name}`")))
    }

    fn with<T>(&self, f: impl FnOnce(&mut dyn Simulation) -> Result<T, millrace::SimError>) -> PyResult<T> {
        let mut sim = self.sim.lock().map_err(|_| error("simulation poisoned"))?;
        f(&mut **sim).map_err(error)
    }
}

#[pymethods]
impl NativeSimulation {
    fn set_value(&self, name: &str, value: f64) -> PyResult<()> {
        let slot = self.slot(name)?;
        self.with(|s| s.set_value(slot, value))
    }

    fn get_value(&self, name: &str) -> PyResult<f64> {
        let slot = self.slot(name)?;
        self.with(|s| s.get_value(slot))
    }

    fn run_to(&self, py: Python<'_>, time: f64) -> PyResult<()> {
        py.detach(|| self.with(|s| s.run_to(time)))
    }

    fn run_to_end(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.with(|s| s.run_to_end()))
    }

    fn reset(&self) -> PyResult<()> {
        self.with(|s| s.reset())
    }

    fn clear_values(&self) -> PyResult<()> {
        self.with(|s| s.clear_values())
    }

    /// The random functions' run seed (0 to 2^53 - 1): kept by `reset`, back to the
    /// default by `clear_values`.
    fn set_seed(&self, seed: u64) -> PyResult<()> {
        self.with(|s| s.set_seed(seed))
    }

    /// The saved values of `name` so far, as f64 bytes.
    fn series<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyBytes>> {
        let slot = self.slot(name)?;
        let values = self.with(|s| s.series(slot))?;
        Ok(f64_bytes(py, &values))
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeModel>()?;
    m.add_class::<NativeSimulation>()?;
    m.add_class::<NativeParams>()?;
    m.add("MillraceError", m.py().get_type::<MillraceError>())?;
    Ok(())
}
