//! Program planning: which part functions a program needs and under which names, before
//! any is translated. A child part of at most [`INLINE_LIMIT`] statements is inlined into
//! its caller; every other part reachable from the root's phases is one function, shared
//! by all the instances that run it. [`define_program`] declares the tables, the host
//! functions, the lookups and the part functions, has [`crate::translate`] build each
//! body, and defines them all through [`crate::compile`].

use std::collections::HashMap;

use cranelift_codegen::ir::{AbiParam, Function, InstBuilder, UserFuncName, types};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use millrace_engine::ir::{Expr, ModuleId, Phase, Program, Stmt};
use millrace_engine::numerics::HostFn;

use crate::JitError;
use crate::compile::{self, Body};
use crate::lookup;
use crate::schedule::Flat;
use crate::symbols;
use crate::translate::{self, Translator};
use millrace_engine::numerics::rules::LookupFn;

/// The names under which a program's root phases are exported from an object file;
/// the stocks' part `k > 0` (an integration stage) gets `_k` appended.
pub const ROOT_SYMBOLS: [&str; Phase::ALL.len()] =
    ["millrace_initials", "millrace_hoisted", "millrace_flows", "millrace_stocks"];

/// The exported name of the root's part `part` of `phase`.
pub fn root_symbol(phase: Phase, part: u32) -> String {
    match part {
        0 => ROOT_SYMBOLS[phase.index()].to_owned(),
        k => format!("{}_{k}", ROOT_SYMBOLS[phase.index()]),
    }
}

/// A part of a phase of a module definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PartKey {
    pub module: ModuleId,
    pub phase: Phase,
    pub part: u32,
}

impl PartKey {
    /// The root's part `part` of `phase` (the stocks have one per integration stage).
    pub fn root(program: &Program, phase: Phase, part: u32) -> PartKey {
        PartKey { module: program.root, phase, part }
    }

    /// Every part of the root's `phase`.
    pub fn roots(program: &Program, phase: Phase) -> impl Iterator<Item = PartKey> + '_ {
        let n = program.module(program.root).parts(phase).len() as u32;
        (0..n).map(move |part| PartKey::root(program, phase, part))
    }

    /// The statements of the part.
    fn stmts(self, program: &Program) -> &[Stmt] {
        &program.module(self.module).parts(self.phase)[self.part as usize]
    }
}

/// A child part of at most this many statements (its own inlined children included)
/// is compiled into its caller: stdlib instances and small submodels cost no call, and
/// their slots become constant offsets. Larger parts stay functions shared by every
/// instance.
const INLINE_LIMIT: usize = 64;

/// Everything declared in the Cranelift module for one program.
pub(crate) struct Declared {
    /// The function of each part that is called rather than inlined (larger than
    /// [`INLINE_LIMIT`]), and the root's: a child part without one is inlined.
    pub parts: HashMap<PartKey, FuncId>,
    pub host: HashMap<HostFn, FuncId>,
    pub lookups: HashMap<LookupFn, FuncId>,
    /// One data object per table: its `xs` then its `ys`.
    pub tables: Vec<DataId>,
}

/// The statement count of `key` with its inlined children, memoised.
fn size_of(program: &Program, key: PartKey, sizes: &mut HashMap<PartKey, usize>) -> usize {
    if let Some(&n) = sizes.get(&key) {
        return n;
    }
    let mut n = 0;
    for stmt in key.stmts(program) {
        n += 1;
        if let Stmt::EvalModule { module, part, .. } = stmt {
            let child = size_of(program, PartKey { module: *module, part: *part, ..key }, sizes);
            if child <= INLINE_LIMIT {
                n += child;
            }
        }
    }
    sizes.insert(key, n);
    n
}

/// The ways `program` reads its tables: only their lookup functions are generated (a
/// model without tables compiles none).
fn used_lookups(program: &Program) -> Vec<LookupFn> {
    let mut used = Vec::new();
    for e in program.modules.iter().flat_map(|m| m.all_stmts()).flat_map(Stmt::exprs) {
        e.any(&mut |e| {
            if let Expr::Lookup(t, mode, _) = e {
                let table = &program.tables[*t as usize];
                let f = LookupFn::of(table, *mode);
                if !used.contains(&f) {
                    used.push(f);
                }
            }
            false
        });
    }
    used
}

/// The parts called from `key` (not inlined), transitively, in first-call order.
fn collect_functions(program: &Program, key: PartKey, sizes: &mut HashMap<PartKey, usize>, out: &mut Vec<PartKey>) {
    for stmt in key.stmts(program) {
        if let Stmt::EvalModule { module, part, .. } = stmt {
            let child = PartKey { module: *module, part: *part, ..key };
            if size_of(program, child, sizes) > INLINE_LIMIT {
                if !out.contains(&child) {
                    out.push(child);
                    collect_functions(program, child, sizes, out);
                }
            } else {
                collect_functions(program, child, sizes, out);
            }
        }
    }
}

/// Declares and defines every function of `program` in `module`. With `export_root`,
/// the root's phases get the [`ROOT_SYMBOLS`] names (for object files).
pub(crate) fn define_program<M: Module>(
    module: &mut M,
    once: &dyn TargetIsa,
    program: &Program,
    export_root: bool,
) -> Result<Declared, JitError> {
    let err = |e: cranelift_module::ModuleError| JitError::Codegen(e.to_string());
    let ptr = module.target_config().pointer_type();

    let mut tables = Vec::new();
    for (i, t) in program.tables.iter().enumerate() {
        let id = module.declare_data(&format!("millrace_table_{i}"), Linkage::Local, false, false).map_err(err)?;
        let bytes: Vec<u8> = t.xs.iter().chain(&t.ys).flat_map(|v| v.to_le_bytes()).collect();
        let mut desc = DataDescription::new();
        desc.define(bytes.into_boxed_slice());
        desc.set_align(8);
        module.define_data(id, &desc).map_err(err)?;
        tables.push(id);
    }

    let mut host = HashMap::new();
    for f in HostFn::ALL {
        let mut sig = module.make_signature();
        sig.params.extend((0..f.arity()).map(|_| AbiParam::new(types::F64)));
        sig.returns.push(AbiParam::new(types::F64));
        host.insert(f, module.declare_function(&symbols::symbol(f), Linkage::Import, &sig).map_err(err)?);
    }

    let used_lookups = used_lookups(program);
    let mut lookups = HashMap::new();
    for &f in &used_lookups {
        let id =
            module.declare_function(&lookup::symbol(f), Linkage::Local, &lookup::signature(module)).map_err(err)?;
        lookups.insert(f, id);
    }

    let mut part_sig = module.make_signature();
    part_sig.params.extend([AbiParam::new(ptr), AbiParam::new(types::I64), AbiParam::new(types::I64)]);
    let mut sizes = HashMap::new();
    let mut functions = Vec::new();
    for phase in Phase::ALL {
        for root in PartKey::roots(program, phase) {
            functions.push(root);
            collect_functions(program, root, &mut sizes, &mut functions);
        }
    }
    let mut parts = HashMap::new();
    for &key in &functions {
        let PartKey { module: m, phase, part: k } = key;
        let (name, linkage) = if export_root && m == program.root {
            (root_symbol(phase, k), Linkage::Export)
        } else {
            (format!("millrace_m{m}_{}_{k}", phase.name()), Linkage::Local)
        };
        parts.insert(key, module.declare_function(&name, linkage, &part_sig).map_err(err)?);
    }
    let declared = Declared { parts, host, lookups, tables };

    let mut fctx = FunctionBuilderContext::new();
    let mut bodies = Vec::new();
    for &f in &used_lookups {
        let mut func = Function::with_name_signature(UserFuncName::default(), lookup::signature(module));
        lookup::build(f, FunctionBuilder::new(&mut func, &mut fctx), module.target_config());
        bodies.push(Body { id: declared.lookups[&f], func, what: lookup::symbol(f), once: false });
    }
    for &key in &functions {
        let flat = translate::flat_part(program, &declared, key.phase, key.stmts(program));
        let what = format!("module `{}` {} part {}", program.module(key.module).name, key.phase.name(), key.part);
        let chunks = chunks(&flat);
        let once = matches!(key.phase, Phase::Initials | Phase::Hoisted);
        // One chunk is the part's own function; several are functions of their own,
        // which the part's function calls in order.
        let ids = if chunks.len() == 1 {
            vec![declared.parts[&key]]
        } else {
            let PartKey { module: m, phase, part } = key;
            (0..chunks.len())
                .map(|k| {
                    let name = format!("millrace_m{m}_{}_{part}_chunk{k}", phase.name());
                    module.declare_function(&name, Linkage::Local, &part_sig).map_err(err)
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        for (k, (chunk, &id)) in chunks.iter().zip(&ids).enumerate() {
            let mut func = Function::with_name_signature(UserFuncName::default(), part_sig.clone());
            let builder = FunctionBuilder::new(&mut func, &mut fctx);
            Translator::build(builder, module, program, &declared, key.phase, chunk);
            let what = if chunks.len() == 1 { what.clone() } else { format!("{what} chunk {k}") };
            bodies.push(Body { id, func, what, once });
        }
        if chunks.len() > 1 {
            let mut func = Function::with_name_signature(UserFuncName::default(), part_sig.clone());
            call_in_order(FunctionBuilder::new(&mut func, &mut fctx), module, &ids);
            bodies.push(Body { id: declared.parts[&key], func, what, once });
        }
    }
    compile::define_all(module, once, bodies)?;
    Ok(declared)
}

/// A part function's statements are compiled in chunks of about this many expression
/// nodes, one function each, which the part's function calls in order. Cranelift's
/// register allocation costs more per instruction as a function grows (C-LEARN's flows,
/// one function of 84,000 instructions, took 3.1 us an instruction against WORLD3's
/// 2.3), and chunks are compiled on every core. The chunks cut the scheduled list of
/// statements without reordering it, so every value is the same. Smaller chunks
/// compile no faster and cost more per step (4,000 nodes: 1.9% more instructions a
/// C-LEARN run than one function; 8,000: 0.5%).
const CHUNK_NODES: usize = 8_000;

/// `flat` cut into consecutive runs of about [`CHUNK_NODES`] expression nodes (at least
/// one statement each; one run when it is small).
fn chunks<'f, 'a>(flat: &'f [Flat<'a>]) -> Vec<&'f [Flat<'a>]> {
    let mut out = Vec::new();
    let (mut start, mut nodes) = (0, 0);
    for (i, item) in flat.iter().enumerate() {
        let size = 1 + item.stmt.exprs().map(Expr::size).sum::<usize>();
        if nodes > 0 && nodes + size > CHUNK_NODES {
            out.push(&flat[start..i]);
            (start, nodes) = (i, 0);
        }
        nodes += size;
    }
    out.push(&flat[start..]);
    out
}

/// The body of a part function compiled in chunks: each chunk's function called with
/// the part's own arguments, in order.
fn call_in_order<M: Module>(mut b: FunctionBuilder<'_>, module: &mut M, chunks: &[FuncId]) {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let args = b.block_params(entry).to_vec();
    for &id in chunks {
        let callee = module.declare_func_in_func(id, b.func);
        b.ins().call(callee, &args);
    }
    b.ins().return_(&[]);
    let config = module.target_config();
    b.finalize(config);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An expression of about `size` nodes: a balanced tree of additions.
    fn tree(size: usize) -> Expr {
        if size <= 2 {
            return Expr::Lit(1.0);
        }
        let half = (size - 1) / 2;
        Expr::Binary(millrace_engine::ir::BinOp::Add, Box::new(tree(half)), Box::new(tree(size - 1 - half)))
    }

    /// `n` assignments of `size`-node expressions.
    fn stmts(n: usize, size: usize) -> Vec<Stmt> {
        let expr = tree(size);
        (0..n as u32).map(|off| Stmt::Assign { off, expr: expr.clone() }).collect()
    }

    #[test]
    fn chunks_keep_every_statement_in_order_and_stay_near_the_bound() {
        for (n, size) in [(1, 10), (10, 10), (1000, 20), (3, 20_000), (5000, 3)] {
            let stmts = stmts(n, size);
            let flat: Vec<Flat> = stmts.iter().map(|stmt| Flat { stmt, slot_delta: 0, buf_delta: 0 }).collect();
            let chunks = chunks(&flat);
            let joined: Vec<Flat> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
            assert_eq!(joined, flat, "{n} x {size}");
            for c in &chunks {
                let nodes: usize = c.iter().map(|f| 1 + f.stmt.exprs().map(Expr::size).sum::<usize>()).sum();
                assert!(!c.is_empty() && (nodes <= CHUNK_NODES || c.len() == 1), "{n} x {size}: {nodes} nodes");
            }
            let total: usize = flat.iter().map(|f| 1 + f.stmt.exprs().map(Expr::size).sum::<usize>()).sum();
            assert_eq!(chunks.len() == 1, total <= CHUNK_NODES, "{n} x {size}");
        }
    }
}
