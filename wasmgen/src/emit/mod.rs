//! Assembles one wasm module per program: types, the host imports, the internal
//! helpers, one function per (module definition, phase, part), the driver and its
//! exports, the memory and its initial data.
//!
//! Function indices are planned before any body is generated ([`Funcs`]), so a part can
//! call a child module's part, and the driver the root's parts, whatever the order.

mod code;
mod driver;
mod expr;
mod helpers;
mod lookup;
mod ops;

use std::collections::HashMap;

use millrace_engine::Program;
use millrace_engine::ir::Phase;
use millrace_engine::numerics::rules::LookupFn;
use millrace_engine::numerics::{HOST_MODULE, HostFn};
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    ImportSection, MemorySection, MemoryType, Module, NameMap, NameSection, TypeSection, ValType,
};

use crate::WasmError;
use crate::layout::MemoryLayout;

pub use driver::{EXPORTS, Status};

/// A function signature: parameters, then results.
pub type Sig = (&'static [ValType], &'static [ValType]);

/// The signature of every module part: `(base: i32, buf: i32)`, byte offsets of the
/// instance's first slot (relative to each slot region) and of its first ring-buffer value.
pub const PART_SIG: Sig = (&[ValType::I32, ValType::I32], &[]);

/// The imported host functions, in index order (the order of `HostFn::ALL`): every blob
/// imports all of them, so every host binds the same list.
pub fn host_sig(f: HostFn) -> Sig {
    const F64S: [ValType; 16] = [ValType::F64; 16];
    (&F64S[..f.arity()], &F64S[..1])
}

/// The function index of everything a body may call.
#[derive(Debug, Clone)]
pub(crate) struct Funcs {
    /// One lookup function per `LookupFn`, in `LookupFn::ALL` order (see `Funcs::lookup`).
    pub lookups: [u32; LookupFn::ALL.len()],
    pub pipeline_init: u32,
    pub pipeline_in: u32,
    /// `parts[module][phase][part]`
    pub parts: Vec<[Vec<u32>; Phase::ALL.len()]>,
    pub save_if_due: u32,
    pub start: u32,
    pub step: u32,
    /// The exported driver functions, in `EXPORTS` order.
    pub exports: Vec<u32>,
}

impl Funcs {
    fn plan(program: &Program) -> Funcs {
        // The host imports come first, in `HostFn::ALL` order (see `Funcs::host`).
        let mut next = HostFn::ALL.len() as u32;
        let mut take = || {
            next += 1;
            next - 1
        };
        let lookups = LookupFn::ALL.map(|_| take());
        let (pipeline_init, pipeline_in) = (take(), take());
        let parts =
            program.modules.iter().map(|m| Phase::ALL.map(|p| m.parts(p).iter().map(|_| take()).collect())).collect();
        let (save_if_due, start, step) = (take(), take(), take());
        let exports = EXPORTS.iter().map(|_| take()).collect();
        Funcs { lookups, pipeline_init, pipeline_in, parts, save_if_due, start, step, exports }
    }

    /// The lookup function `f`.
    pub fn lookup(&self, f: LookupFn) -> u32 {
        self.lookups[LookupFn::ALL.iter().position(|&r| r == f).expect("LookupFn::ALL lists every function")]
    }

    /// The import of host function `f`: imports are the first functions of the module,
    /// one per `HostFn::ALL` entry in that order.
    pub fn host(&self, f: HostFn) -> u32 {
        HostFn::ALL.iter().position(|&g| g == f).expect("HostFn::ALL lists every host function") as u32
    }
}

/// Function types, each encoded once.
#[derive(Default)]
struct Types {
    section: TypeSection,
    index: HashMap<Sig, u32>,
}

impl Types {
    fn of(&mut self, sig: Sig) -> u32 {
        if let Some(&i) = self.index.get(&sig) {
            return i;
        }
        let i = self.index.len() as u32;
        self.section.ty().function(sig.0.iter().copied(), sig.1.iter().copied());
        self.index.insert(sig, i);
        i
    }
}

/// A defined function: its signature, body and (for the name section) name.
pub(crate) struct Defined {
    pub index: u32,
    pub sig: Sig,
    pub name: String,
    pub body: Function,
}

/// Encodes `program` as a wasm module over `layout`.
pub fn emit(program: &Program, layout: &MemoryLayout) -> Result<Vec<u8>, WasmError> {
    let funcs = Funcs::plan(program);
    let mut defined = Vec::new();
    defined.extend(helpers::functions(&funcs, layout));
    defined.extend(lookup::functions(&funcs));
    defined.extend(expr::module_functions(program, layout, &funcs));
    defined.extend(driver::functions(program, layout, &funcs)?);
    defined.sort_by_key(|d| d.index);
    let first = HostFn::ALL.len() as u32;
    for (k, d) in defined.iter().enumerate() {
        if d.index != first + k as u32 {
            return Err(WasmError::Internal(format!(
                "function `{}` planned at {} but defined at {}",
                d.name,
                d.index,
                first + k as u32
            )));
        }
    }

    let mut types = Types::default();
    let mut imports = ImportSection::new();
    let mut names = NameMap::new();
    for (k, &f) in HostFn::ALL.iter().enumerate() {
        imports.import(HOST_MODULE, f.import_name(), EntityType::Function(types.of(host_sig(f))));
        names.append(k as u32, &format!("{HOST_MODULE}.{}", f.import_name()));
    }
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    for d in &defined {
        functions.function(types.of(d.sig));
        code.function(&d.body);
        names.append(d.index, &d.name);
    }
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: layout.pages,
        maximum: Some(layout.pages),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    for (e, &index) in EXPORTS.iter().zip(&funcs.exports) {
        exports.export(e.name, ExportKind::Func, index);
    }
    let data = data_section(program, layout);
    let mut name_section = NameSection::new();
    name_section.functions(&names);

    let mut module = Module::new();
    module
        .section(&types.section)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code)
        .section(&data)
        .section(&name_section);
    Ok(module.finish())
}

/// The memory's initial contents: the constants (current and default), the
/// overridable flags and the graphical-function tables. Everything else starts at zero.
fn data_section(program: &Program, layout: &MemoryLayout) -> DataSection {
    let mut data = DataSection::new();
    let mut segment = |addr: u32, bytes: Vec<u8>| {
        if bytes.iter().any(|&b| b != 0) {
            data.active(0, &ConstExpr::i32_const(addr as i32), bytes);
        }
    };
    let f64_bytes = |values: &[f64]| values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
    let defaults = f64_bytes(&program.layout.const_default);
    segment(layout.consts, defaults.clone());
    segment(layout.const_default, defaults);
    segment(layout.overridable, program.layout.overridable.iter().map(|&o| o as u8).collect());
    for (t, addr) in program.tables.iter().zip(&layout.tables) {
        segment(addr.xs, f64_bytes(&t.xs));
        segment(addr.ys, f64_bytes(&t.ys));
    }
    data
}
