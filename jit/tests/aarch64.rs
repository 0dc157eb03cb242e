//! The jit on aarch64: each model is compiled to an aarch64 object file, linked with a
//! small C driver (generated here: it allocates the memory, then calls the object's own
//! start and stepping loop, so no step of the driver is restated in C) by
//! `aarch64-linux-gnu-gcc`, run under `qemu-aarch64`, and its saved rows compared
//! with the x86-64 jit's: identical bits for models that call no transcendental, within
//! 1e-12 relative for the others (the driver's libm computes those).
//!
//! Needs `aarch64-linux-gnu-gcc` and `qemu-aarch64` (Debian: gcc-aarch64-linux-gnu,
//! libc6-dev-arm64-cross, qemu-user). Without them it prints "skipped: ..." and passes,
//! unless MILLRACE_REQUIRE_TOOLS=1 (as in CI), where a missing tool fails it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use millrace_engine::Program;
use millrace_engine::datamodel::SpecOverrides;
use millrace_engine::ir::{Builtin, Expr, Method};
use millrace_engine::numerics::HostFn;
use millrace_jit::{Jit, START_SYMBOL, STEPS_SYMBOL, compile_object, host_symbol};

/// The corpus manifest and the passing list, read as the conformance test reads them.
#[allow(dead_code)]
#[path = "../../tests/support/manifest.rs"]
mod manifest;

const GCC: &str = "aarch64-linux-gnu-gcc";
const QEMU: &str = "qemu-aarch64";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Whether the cross tools are here; a missing tool skips, or fails in CI.
fn tools_present() -> bool {
    for tool in [GCC, QEMU] {
        if Command::new(tool).arg("--version").output().is_err() {
            if std::env::var("MILLRACE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
                panic!(
                    "{tool} is missing but MILLRACE_REQUIRE_TOOLS=1 (install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)"
                );
            }
            // Straight to stderr: libtest hides println! of a passing test, and a skip
            // must be seen (docs/testing.md).
            let _ = std::io::Write::write_all(
                &mut std::io::stderr().lock(),
                format!("skipped: {tool} missing (this test passed WITHOUT running)\n").as_bytes(),
            );
            return false;
        }
    }
    true
}

/// The corpus model files of tiers 1 to 4 that pass conformance, and WORLD3 (also
/// under RK2 and RK4, whose stages are parts of their own: `millrace_stocks_1`, ...).
fn models() -> Vec<(PathBuf, Option<Method>)> {
    let corpus = root().join("tests/corpus");
    let passing = std::fs::read_to_string(root().join("tests/conformance/passing.txt")).unwrap();
    let cases = manifest::parse_manifest(&std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap()).unwrap();
    let tiers: std::collections::HashMap<String, &str> = cases
        .iter()
        .flat_map(|case| case.models.iter().map(move |model| (format!("{}/{model}", case.id), case.tier.as_str())))
        .collect();
    let mut out: Vec<(PathBuf, Option<Method>)> = manifest::PassingList::parse(&passing)
        .paths()
        .filter(|l| tiers.get(*l).is_some_and(|t| ["1", "2", "3", "4"].contains(t)))
        .map(|l| (corpus.join("cases").join(l), None))
        .collect();
    let world3 = root().join("tests/models/world3/world3.xmile");
    out.extend([None, Some(Method::Rk2), Some(Method::Rk4)].map(|m| (world3.clone(), m)));
    out
}

/// Whether the program calls a function whose last bit may differ between libms.
fn uses_transcendentals(program: &Program) -> bool {
    // MOD is fmod and a comparison: exact in every libm.
    let transcendental = |e: &Expr| matches!(e, Expr::Call(Builtin::Host(f), _) if *f != HostFn::Mod);
    program.modules.iter().any(|m| m.all_stmts().any(|s| s.exprs().any(|e| e.any(&mut |n| transcendental(n)))))
}

/// A C driver for `program`: the host functions, the geometry, and the stepping of
/// `millrace_engine::state::NativeSim::run_to_end`; prints each saved row as hex bits.
fn driver(program: &Program) -> String {
    let s = &program.specs;
    let l = &program.layout;
    let n = l.n_slots as usize;
    let mut c = String::from(
        "#include <math.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\
         typedef struct { double *curr, *next; const double *consts, *init, *prev; double *bufs; uint64_t step; \
         double *results; uint64_t saved_rows; uint64_t stale; } Ctx;\n",
    );
    let _ = writeln!(c, "extern void {START_SYMBOL}(Ctx *);");
    let _ = writeln!(c, "extern void {STEPS_SYMBOL}(Ctx *, int64_t);");
    for f in HostFn::ALL {
        let body = match f {
            HostFn::Pow => "return pow(a, b);".to_owned(),
            HostFn::Mod => "double r = fmod(a, b); return r < 0.0 ? r + fabs(b) : r;".to_owned(),
            HostFn::Ln => "return log(a);".to_owned(),
            HostFn::Asin => "return asin(a);".to_owned(),
            HostFn::Acos => "return acos(a);".to_owned(),
            HostFn::Atan => "return atan(a);".to_owned(),
            other => format!("return {}(a);", other.import_name()),
        };
        // The random functions' distributions are not restated in C: no model here
        // draws (the test checks), so the stub is never called.
        if f.arity() > 2 {
            let params: Vec<String> = (0..f.arity()).map(|i| format!("double a{i}")).collect();
            let _ = writeln!(c, "double {}({}) {{ abort(); }}", host_symbol(f), params.join(", "));
            continue;
        }
        let params = if f.arity() == 2 { "double a, double b" } else { "double a" };
        let _ = writeln!(c, "double {}({params}) {{ {body} }}", host_symbol(f));
    }
    let bits = |v: f64| format!("0x{:016x}ull", v.to_bits());
    let _ = writeln!(c, "#define N_SLOTS {n}\n#define N_BUF {}\n#define N_ROWS {}", l.n_buf, s.n_rows);
    let _ = writeln!(c, "static const uint64_t N_STEPS = {}ull;", s.n_steps);
    let consts: Vec<String> = l.const_default.iter().map(|&v| bits(v)).collect();
    let _ = writeln!(c, "static const uint64_t CONSTS[N_SLOTS] = {{{}}};", consts.join(","));
    c.push_str(
        r#"
static double curr[N_SLOTS], next[N_SLOTS], consts[N_SLOTS], init_[N_SLOTS], prev[N_SLOTS], bufs[N_BUF + 1], results[(size_t)N_ROWS * N_SLOTS];
static double from_bits(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
int main(void) {
    for (int i = 0; i < N_SLOTS; i++) consts[i] = from_bits(CONSTS[i]);
    Ctx ctx = { curr, next, consts, init_, prev, bufs, 0, results, 0, 0 };
    millrace_start(&ctx);
    millrace_steps(&ctx, (int64_t)N_STEPS);
    uint64_t saved = ctx.saved_rows;
    for (uint64_t r = 0; r < saved; r++) {
        for (int i = 0; i < N_SLOTS; i++) {
            uint64_t b; memcpy(&b, &results[r * N_SLOTS + i], 8);
            printf(i ? " %016llx" : "%016llx", (unsigned long long)b);
        }
        printf("\n");
    }
    return 0;
}
"#,
    );
    c
}

/// Builds and runs `program` on aarch64 under qemu; returns its saved rows.
fn run_on_aarch64(program: &Program, dir: &Path) -> Result<Vec<Vec<f64>>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let object = compile_object(program, "aarch64-unknown-linux-gnu").map_err(|e| e.to_string())?;
    std::fs::write(dir.join("model.o"), object).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("driver.c"), driver(program)).map_err(|e| e.to_string())?;
    // -ffp-contract=off: no arithmetic of the driver may become an FMA.
    let gcc = Command::new(GCC)
        .args(["-O1", "-ffp-contract=off", "-o", "model", "driver.c", "model.o", "-lm"])
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !gcc.status.success() {
        return Err(format!("gcc: {}", String::from_utf8_lossy(&gcc.stderr)));
    }
    let run = Command::new(QEMU)
        .args(["-L", "/usr/aarch64-linux-gnu", "-E", "LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib", "./model"])
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !run.status.success() {
        return Err(format!("qemu: {} {}", run.status, String::from_utf8_lossy(&run.stderr)));
    }
    String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| {
            line.split(' ')
                .map(|h| u64::from_str_radix(h, 16).map(f64::from_bits).map_err(|e| format!("bad output `{h}`: {e}")))
                .collect()
        })
        .collect()
}

#[test]
fn aarch64_objects_match_the_x86_64_jit() {
    if !tools_present() {
        return;
    }
    // Removed when the test ends, also when it fails.
    let dir = tempfile::Builder::new().prefix("millrace-aarch64-").tempdir().expect("a temporary directory");
    let tmp = dir.path();
    let models = models();
    assert!(models.len() >= 30, "tier 1-4 models and WORLD3: {}", models.len());
    let (mut exact, mut close, mut close_but_exact) = (0, 0, 0);
    for (i, (path, method)) in models.iter().enumerate() {
        let specs = SpecOverrides { method: *method, ..SpecOverrides::default() };
        let compiled = millrace_engine::compile_file_with_specs(path, &specs);
        let program = Arc::new(compiled.unwrap_or_else(|e| panic!("{}: {e}", path.display())).program);
        let draws = |e: &Expr| matches!(e, Expr::Call(Builtin::Host(f), _) if f.arity() > 2);
        let draws = program.modules.iter().any(|m| m.all_stmts().any(|s| s.exprs().any(|e| e.any(&mut |n| draws(n)))));
        assert!(!draws, "{}: the C host has no random functions", path.display());
        let jit = Jit::compile(program.clone()).expect("the host jit compiles");
        let mut sim = jit.instantiate();
        millrace_engine::Simulation::run_to_end(&mut sim).unwrap();
        let n = program.layout.n_slots as usize;
        let host: Vec<&[f64]> =
            sim.memory().results.chunks(n).take(millrace_engine::Simulation::saved_rows(&sim)).collect();

        let arm =
            run_on_aarch64(&program, &tmp.join(i.to_string())).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(arm.len(), host.len(), "{}: saved rows", path.display());
        let tolerant = uses_transcendentals(&program);
        let mut all_same = true;
        for (r, (a, h)) in arm.iter().zip(&host).enumerate() {
            for (slot, (x, y)) in a.iter().zip(h.iter()).enumerate() {
                let same = x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
                let near = tolerant && (x - y).abs() <= 1e-12 * x.abs().max(y.abs());
                let name = program.layout.var_at(slot as u32).map_or(format!("slot {slot}"), |v| v.name.clone());
                assert!(same || near, "{}: `{name}` at row {r}: aarch64 {x:?}, x86-64 {y:?}", path.display());
                all_same &= same;
            }
        }
        match (tolerant, all_same) {
            (false, _) => exact += 1,
            (true, true) => close_but_exact += 1,
            (true, false) => close += 1,
        }
    }
    println!(
        "aarch64 vs x86-64 jit: {exact} arithmetic-only models bit for bit; of {} calling transcendentals, \
         {close_but_exact} bit for bit and {close} within 1e-12",
        close + close_but_exact
    );
}
