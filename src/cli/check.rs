//! `millrace check`: read and compile, report, optionally print the IR.

use std::path::Path;

use millrace::engine::ir::SlotKind;

use super::open;

pub fn check(path: &Path, ir: bool) -> Result<(), String> {
    let model = open(path)?;
    let program = model.program();
    if ir {
        print!("{}", program.dump());
    }
    let layout = &program.layout;
    let count = |k| layout.vars.iter().filter(|v| v.output && v.kind == k).count();
    println!(
        "ok: {} variables ({} stocks, {} flows, {} auxes, {} constants), {} steps, {} saved rows",
        layout.outputs().count(),
        count(SlotKind::Stock),
        count(SlotKind::Flow),
        count(SlotKind::Aux),
        count(SlotKind::Constant),
        program.specs.n_steps,
        program.specs.n_rows
    );
    Ok(())
}
