//! `millrace check`: read and compile, report, optionally print the IR.

use std::path::Path;

use millrace::engine::ir::SlotKind;

use super::open;

/// Reads and compiles. A model with warnings (a recovered missing end tag, an
/// unsupported integration method...) is not reported as "ok": the summary counts the
/// warnings printed above it, and `deny_warnings` makes them an error (exit status 2).
pub fn check(path: &Path, ir: bool, deny_warnings: bool) -> Result<(), String> {
    let model = open(path)?;
    let program = model.program();
    if ir {
        super::print_stdout(&program.dump())?;
    }
    let layout = &program.layout;
    let count = |k| layout.vars.iter().filter(|v| v.output && v.kind == k).count();
    let n_warnings = model.warnings().len();
    let verdict = match n_warnings {
        0 => "ok".to_owned(),
        1 => "compiled with 1 warning (above)".to_owned(),
        n => format!("compiled with {n} warnings (above)"),
    };
    super::print_stdout(&format!(
        "{verdict}: {} variables ({} stocks, {} flows, {} auxes, {} constants), {} steps, {} saved rows\n",
        layout.outputs().count(),
        count(SlotKind::Stock),
        count(SlotKind::Flow),
        count(SlotKind::Aux),
        count(SlotKind::Constant),
        program.specs.n_steps,
        program.specs.n_rows
    ))?;
    if deny_warnings && n_warnings > 0 {
        return Err(format!("error: {}: {n_warnings} warning(s) and --deny-warnings", path.display()));
    }
    Ok(())
}
