//! Bytecode: each phase of each module definition is a flat list of stack operations,
//! generated from the IR by a post-order walk, so the operations run in exactly the
//! order the IR gives.

use millrace_engine::ir::{BinOp, Builtin, Expr, ModuleId, Phase, PipeAt, Program, Stmt, Table, UnOp};
use millrace_engine::numerics::HostFn;
use millrace_engine::numerics::rules::{F64Fn, LookupFn};

/// One stack operation. Offsets are relative to the running instance's base.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// push a number
    Lit(f64),
    /// push `curr[base + off]`
    Load(u32),
    /// push `curr[slot]` (absolute: TIME, DT...)
    Global(u32),
    /// push the instance's base slot as a number
    Instance,
    /// push `init[base + off]`
    Init(u32),
    /// pop the initial value; push it while no step has been taken, else `prev[base + off]`
    Previous(u32),
    Neg,
    Not,
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    /// pop a; push the inline builtin's rule of it (`InlineFn::f64_fn`: the rule
    /// evaluated on f64s, so the vm restates no rule and needs no op per builtin)
    Inline1(Rule<fn(f64) -> f64>),
    /// pop b, a; push the rule of (a, b)
    Inline2(Rule<fn(f64, f64) -> f64>),
    /// pop c, b, a; push the rule of (a, b, c)
    Inline3(Rule<fn(f64, f64, f64) -> f64>),
    /// pop the host function's arguments (its arity); push its value
    Host(HostFn),
    /// pop else, then, cond; push `then` if cond is truthy, else `else`
    If,
    /// pop x; push the lookup of x in table `t` by the function chosen for it
    Lookup(u32, LookupFn),
    /// pop into `curr[base + off]`
    Store(u32),
    /// `curr[base + off] = const[base + off]`
    StoreConst(u32),
    /// pop into `next[base + off]`
    StoreNext(u32),
    /// run the child call `calls[i]` (module, offsets, part) in the same phase
    Module(u32),
    /// pop init, delay; start pipeline `pipes[i]`
    PipeInit(u32),
    /// pop the input; feed pipeline `pipes[i]`
    PipeIn(u32),
    /// push the output of pipeline `pipes[i]`
    PipeOut(u32),
    /// push a copy of `stack[i]` (an enclosing LET's value, which stays on the stack
    /// below its body)
    Pick(u32),
    /// pop the LET body's value into the slot below it, dropping the LET's value
    Nip,
    /// `a + curr[base + off]` for `a` on top of the stack: `Load(off)` then `Add` in one
    /// op (the same operation on the same operands; one dispatch and one push fewer).
    /// The other `*Load` and `*Lit` ops likewise, for the commonest right operands.
    AddLoad(u32),
    SubLoad(u32),
    MulLoad(u32),
    DivLoad(u32),
    /// `a + v`: `Lit(v)` then `Add`.
    AddLit(f64),
    SubLit(f64),
    MulLit(f64),
    DivLit(f64),
    /// `a = v` (the rule's 4-ULP equality): `Lit(v)` then `Eq`.
    EqLit(f64),
    /// `curr[base + to] = curr[base + from]`: a statement that is one load.
    Copy {
        from: u32,
        to: u32,
    },
    /// pop the condition; unless it is truthy, go on at op `i` of the part. With
    /// [`Op::Jump`], an `If` whose arms divide, call or look up evaluates only the arm
    /// taken (`Expr::is_costly`), as the jit's does: the arms are pure, so the value is
    /// the one `Op::If` selects.
    JumpUnless(u32),
    /// go on at op `i` of the part
    Jump(u32),
}

/// An inline builtin's rule as an f64 function (`InlineFn::f64_fn`). Two compare
/// equal when they are the same function (`std::ptr::fn_addr_eq`: what the op tests
/// need; the interpreter never compares them).
#[derive(Debug, Clone, Copy)]
pub struct Rule<F>(pub F);

macro_rules! rule_eq {
    ($($f:ty),*) => {$(
        impl PartialEq for Rule<$f> {
            fn eq(&self, other: &Self) -> bool {
                std::ptr::fn_addr_eq(self.0, other.0)
            }
        }
    )*};
}
rule_eq!(fn(f64) -> f64, fn(f64, f64) -> f64, fn(f64, f64, f64) -> f64);

/// A child instance run: which module, where, which part. (Kept out of [`Op`] so every
/// op stays 16 bytes.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Call {
    pub module: ModuleId,
    pub off: u32,
    pub buf_off: u32,
    pub part: u32,
}

/// Where a pipeline delay keeps its state and ring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pipe {
    /// Slot offset of `steps` (`head` follows it).
    pub state: u32,
    /// Buffer offset of the ring.
    pub buf: u32,
    pub capacity: u32,
}

/// The code of one module definition.
#[derive(Debug, Clone)]
pub struct ModuleCode {
    pub name: String,
    /// Code of each part of each phase, indexed by [`Phase::index`] then part.
    pub phases: [Vec<Vec<Op>>; Phase::ALL.len()],
}

/// A whole program in bytecode.
#[derive(Debug, Clone)]
pub struct Bytecode {
    pub modules: Vec<ModuleCode>,
    pub root: ModuleId,
    pub tables: Vec<Table>,
    pub calls: Vec<Call>,
    pub pipes: Vec<Pipe>,
    /// The deepest the operand stack gets in any phase.
    pub max_stack: usize,
}

impl Bytecode {
    pub fn compile(program: &Program) -> Bytecode {
        let mut emitter = Gen { tables: &program.tables, ..Gen::default() };
        let modules = program
            .modules
            .iter()
            .map(|m| ModuleCode {
                name: m.name.clone(),
                phases: Phase::ALL.map(|p| {
                    m.parts(p)
                        .iter()
                        .map(|part| {
                            part.iter().for_each(|s| emitter.stmt(s));
                            std::mem::take(&mut emitter.ops)
                        })
                        .collect()
                }),
            })
            .collect();
        Bytecode {
            modules,
            root: program.root,
            tables: program.tables.clone(),
            calls: emitter.calls,
            pipes: emitter.pipes,
            max_stack: emitter.max_depth,
        }
    }

    /// A readable listing of the bytecode.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, m) in self.modules.iter().enumerate() {
            out.push_str(&format!("module m{i} {:?}\n", m.name));
            for p in Phase::ALL {
                for (k, part) in m.phases[p.index()].iter().enumerate() {
                    out.push_str(&format!("  {} part {k}:\n", p.name()));
                    for op in part {
                        out.push_str(&format!("    {op:?}\n"));
                    }
                }
            }
        }
        out
    }
}

#[derive(Default)]
struct Gen<'p> {
    /// The program's tables, read to choose each lookup's function.
    tables: &'p [Table],
    ops: Vec<Op>,
    calls: Vec<Call>,
    pipes: Vec<Pipe>,
    depth: usize,
    max_depth: usize,
    /// The stack index of each enclosing LET's value, innermost last.
    lets: Vec<u32>,
}

impl Gen<'_> {
    /// Emits `op`, which pops `pops` operands and pushes `pushes`.
    fn emit(&mut self, op: Op, pops: usize, pushes: usize) {
        self.depth = self.depth - pops + pushes;
        self.max_depth = self.max_depth.max(self.depth);
        self.ops.push(op);
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Assign { off, expr: Expr::Load(from) } => self.emit(Op::Copy { from: *from, to: *off }, 0, 0),
            Stmt::Assign { off, expr } => {
                self.expr(expr);
                self.emit(Op::Store(*off), 1, 0);
            }
            Stmt::AssignConst { off } => self.emit(Op::StoreConst(*off), 0, 0),
            Stmt::AssignNext { off, expr } => {
                self.expr(expr);
                self.emit(Op::StoreNext(*off), 1, 0);
            }
            Stmt::EvalModule { module, off, buf_off, part } => {
                self.calls.push(Call { module: *module, off: *off, buf_off: *buf_off, part: *part });
                self.emit(Op::Module(self.calls.len() as u32 - 1), 0, 0);
            }
            Stmt::PipelineInit { state, buf, capacity, delay, init } => {
                let i = self.pipe(*state, *buf, *capacity);
                self.expr(delay);
                self.expr(init);
                self.emit(Op::PipeInit(i), 2, 0);
            }
            Stmt::PipelineIn { state, buf, input } => {
                let i = self.pipe(*state, *buf, 0);
                self.expr(input);
                self.emit(Op::PipeIn(i), 1, 0);
            }
        }
        debug_assert_eq!(self.depth, 0, "statements leave the stack empty");
    }

    /// Registers a pipeline operand and returns its index (capacity matters only to
    /// `PipeInit`).
    fn pipe(&mut self, state: u32, buf: u32, capacity: u32) -> u32 {
        self.pipes.push(Pipe { state, buf, capacity });
        self.pipes.len() as u32 - 1
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::PipelineOut(PipeAt { state, buf }) => {
                let i = self.pipe(*state, *buf, 0);
                self.emit(Op::PipeOut(i), 0, 1);
            }
            Expr::Lit(v) => self.emit(Op::Lit(*v), 0, 1),
            Expr::Load(off) => self.emit(Op::Load(*off), 0, 1),
            Expr::Global(g) => self.emit(Op::Global(g.slot()), 0, 1),
            Expr::Instance => self.emit(Op::Instance, 0, 1),
            Expr::Init(off) => self.emit(Op::Init(*off), 0, 1),
            Expr::Previous(off, init) => {
                self.expr(init);
                self.emit(Op::Previous(*off), 1, 1);
            }
            Expr::Unary(op, a) => {
                // Negation is exact, so `-v` is the literal it gives.
                if let (UnOp::Neg, Expr::Lit(v)) = (op, &**a) {
                    self.emit(Op::Lit(-v), 0, 1);
                    return;
                }
                self.expr(a);
                let op = match op {
                    UnOp::Neg => Op::Neg,
                    UnOp::Not => Op::Not,
                };
                self.emit(op, 1, 1);
            }
            Expr::Binary(op, a, b) => {
                self.expr(a);
                if let Some(fused) = fused(*op, b) {
                    self.emit(fused, 1, 1);
                    return;
                }
                self.expr(b);
                let op = match op {
                    BinOp::Add => Op::Add,
                    BinOp::Sub => Op::Sub,
                    BinOp::Mul => Op::Mul,
                    BinOp::Div => Op::Div,
                    BinOp::Eq => Op::Eq,
                    BinOp::Ne => Op::Ne,
                    BinOp::Lt => Op::Lt,
                    BinOp::Le => Op::Le,
                    BinOp::Gt => Op::Gt,
                    BinOp::Ge => Op::Ge,
                    BinOp::And => Op::And,
                    BinOp::Or => Op::Or,
                };
                self.emit(op, 2, 1);
            }
            Expr::If(c, a, b) if a.is_costly() || b.is_costly() => {
                self.expr(c);
                let unless = self.ops.len();
                self.emit(Op::JumpUnless(0), 1, 0);
                self.expr(a);
                let jump = self.ops.len();
                self.emit(Op::Jump(0), 0, 0);
                self.ops[unless] = Op::JumpUnless(self.ops.len() as u32);
                // The else arm starts from the depth before the then arm's value.
                self.depth -= 1;
                self.expr(b);
                self.ops[jump] = Op::Jump(self.ops.len() as u32);
            }
            Expr::If(c, a, b) => {
                self.expr(c);
                self.expr(a);
                self.expr(b);
                self.emit(Op::If, 3, 1);
            }
            Expr::Call(b, args) => {
                for a in args {
                    self.expr(a);
                }
                let op = match b {
                    Builtin::Host(f) => Op::Host(*f),
                    Builtin::Inline(f) => match f.f64_fn() {
                        F64Fn::Unary(f) => Op::Inline1(Rule(f)),
                        F64Fn::Binary(f) => Op::Inline2(Rule(f)),
                        F64Fn::Ternary(f) => Op::Inline3(Rule(f)),
                    },
                };
                self.emit(op, args.len(), 1);
            }
            Expr::Lookup(t, mode, x) => {
                self.expr(x);
                let table = &self.tables[*t as usize];
                self.emit(Op::Lookup(*t, LookupFn::of(table, *mode)), 1, 1);
            }
            Expr::Let(value, body) => {
                self.expr(value);
                self.lets.push(self.depth as u32 - 1);
                self.expr(body);
                self.lets.pop();
                self.emit(Op::Nip, 2, 1);
            }
            Expr::Temp(d) => {
                // `Program::verify` checks that every Temp has its Let.
                let at = self.lets[self.lets.len() - 1 - *d as usize];
                self.emit(Op::Pick(at), 0, 1);
            }
        }
    }
}

/// The one op for `a op b` when `b` is a load or a literal and `op` an arithmetic
/// operator (or `=` with a literal), `a` already on the stack.
fn fused(op: BinOp, b: &Expr) -> Option<Op> {
    Some(match (op, b) {
        (BinOp::Add, Expr::Load(off)) => Op::AddLoad(*off),
        (BinOp::Sub, Expr::Load(off)) => Op::SubLoad(*off),
        (BinOp::Mul, Expr::Load(off)) => Op::MulLoad(*off),
        (BinOp::Div, Expr::Load(off)) => Op::DivLoad(*off),
        (BinOp::Add, Expr::Lit(v)) => Op::AddLit(*v),
        (BinOp::Sub, Expr::Lit(v)) => Op::SubLit(*v),
        (BinOp::Mul, Expr::Lit(v)) => Op::MulLit(*v),
        (BinOp::Div, Expr::Lit(v)) => Op::DivLit(*v),
        (BinOp::Eq, Expr::Lit(v)) => Op::EqLit(*v),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use millrace_engine::ir::Global;

    #[test]
    fn post_order_keeps_operand_order_and_tracks_depth() {
        let mut emitter = Gen::default();
        // a - (b * DT)
        let e = Expr::Binary(
            BinOp::Sub,
            Box::new(Expr::Load(5)),
            Box::new(Expr::Binary(BinOp::Mul, Box::new(Expr::Load(6)), Box::new(Expr::Global(Global::Dt)))),
        );
        emitter.stmt(&Stmt::Assign { off: 7, expr: e });
        assert_eq!(emitter.ops, vec![Op::Load(5), Op::Load(6), Op::Global(1), Op::Mul, Op::Sub, Op::Store(7)]);
        assert_eq!(emitter.max_depth, 3);
    }

    #[test]
    fn common_shapes_are_one_op() {
        let mut emitter = Gen::default();
        let bin = |op, a, b| Expr::Binary(op, Box::new(a), Box::new(b));
        // (a / b - 2) * (c + 0.5), then a < b, which does not fuse
        let e = bin(
            BinOp::Mul,
            bin(BinOp::Sub, bin(BinOp::Div, Expr::Load(1), Expr::Load(2)), Expr::Lit(2.0)),
            bin(BinOp::Add, Expr::Load(3), Expr::Lit(0.5)),
        );
        emitter.stmt(&Stmt::Assign { off: 4, expr: e });
        emitter.stmt(&Stmt::Assign { off: 5, expr: bin(BinOp::Lt, Expr::Load(1), Expr::Load(2)) });
        emitter.stmt(&Stmt::Assign { off: 6, expr: Expr::Load(1) });
        let minus_one = Expr::Unary(UnOp::Neg, Box::new(Expr::Lit(1.0)));
        emitter.stmt(&Stmt::Assign { off: 7, expr: bin(BinOp::Eq, minus_one, Expr::Lit(3.0)) });
        let want = [
            Op::Load(1),
            Op::DivLoad(2),
            Op::SubLit(2.0),
            Op::Load(3),
            Op::AddLit(0.5),
            Op::Mul,
            Op::Store(4),
            Op::Load(1),
            Op::Load(2),
            Op::Lt,
            Op::Store(5),
            Op::Copy { from: 1, to: 6 },
            Op::Lit(-1.0),
            Op::EqLit(3.0),
            Op::Store(7),
        ];
        assert_eq!(emitter.ops, want);
        assert_eq!(emitter.max_depth, 2);
    }

    #[test]
    fn an_if_with_a_costly_arm_jumps_over_the_arm_not_taken() {
        let mut emitter = Gen::default();
        // IF c THEN a / b ELSE 2, then IF c THEN a ELSE 2 (cheap: both evaluated)
        let div = Expr::Binary(BinOp::Div, Box::new(Expr::Load(1)), Box::new(Expr::Load(2)));
        let costly = Expr::If(Box::new(Expr::Load(0)), Box::new(div), Box::new(Expr::Lit(2.0)));
        let cheap = Expr::If(Box::new(Expr::Load(0)), Box::new(Expr::Load(1)), Box::new(Expr::Lit(2.0)));
        emitter.stmt(&Stmt::Assign { off: 3, expr: costly });
        emitter.stmt(&Stmt::Assign { off: 4, expr: cheap });
        let want = [
            Op::Load(0),
            Op::JumpUnless(5),
            Op::Load(1),
            Op::DivLoad(2),
            Op::Jump(6),
            Op::Lit(2.0),
            Op::Store(3),
            Op::Load(0),
            Op::Load(1),
            Op::Lit(2.0),
            Op::If,
            Op::Store(4),
        ];
        assert_eq!(emitter.ops, want);
        assert_eq!(emitter.max_depth, 3);
    }

    #[test]
    fn ops_stay_small() {
        assert!(std::mem::size_of::<Op>() <= 16, "{}", std::mem::size_of::<Op>());
    }
}
