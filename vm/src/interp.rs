//! The interpreter: runs one phase of one module instance over a [`Memory`].
//! Every operation is either one IEEE operation (`+ - * /`, negation, `< <= > >=`) or
//! a rule of `millrace_engine::numerics` evaluated on f64s (an f64 function of
//! `numerics`, or `numerics::rules` with the `Eval` adapter). An inline builtin is one
//! op per arity holding its rule as an f64 function (`InlineFn::f64_fn`), called
//! directly: no op per builtin, and no second `match` on the builtin (which cost 2% of
//! WORLD3's vm instructions when tried). The indirect call, against the op per builtin
//! it replaced: WORLD3 -0.9%, C-LEARN +0.8% of the vm's instructions (callgrind).

use millrace_engine::ir::Global;
use millrace_engine::numerics::eval::Eval;
use millrace_engine::numerics::{self, from_bool, rules, truthy};
use millrace_engine::state::Memory;

use crate::bytecode::{Bytecode, Op};

/// Runs `ops` (one part of a phase of one module) for the instance at slot base `base`
/// and buffer base `buf_base`. `stack` is scratch space at least `Bytecode::max_stack`
/// long; it is empty between statements, so a child module reuses it from the bottom.
pub fn exec(
    code: &Bytecode,
    ops: &[Op],
    phase: usize,
    base: usize,
    buf_base: usize,
    mem: &mut Memory,
    stack: &mut [f64],
) {
    let mut sp = 0usize;
    macro_rules! pop {
        () => {{
            sp -= 1;
            stack[sp]
        }};
    }
    macro_rules! push {
        ($v:expr) => {{
            let v = $v;
            stack[sp] = v;
            sp += 1;
        }};
    }
    macro_rules! binary {
        (|$a:ident, $b:ident| $e:expr) => {{
            let $b = pop!();
            let $a = pop!();
            push!($e)
        }};
    }
    macro_rules! unary {
        (|$a:ident| $e:expr) => {{
            let $a = pop!();
            push!($e)
        }};
    }
    // A jump starts a new iterator at its target: an iterator's step is cheaper than
    // indexing by a counter (callgrind: 12% of C-LEARN's vm instructions).
    let mut next = ops.iter();
    while let Some(op) = next.next() {
        match *op {
            Op::Lit(v) => push!(v),
            Op::Load(off) => push!(mem.curr[base + off as usize]),
            Op::Global(slot) => push!(mem.curr[slot as usize]),
            Op::Instance => push!(base as f64),
            Op::Init(off) => push!(mem.init[base + off as usize]),
            Op::Previous(off) => {
                let init = pop!();
                push!(rules::previous(&mut Eval::new(), mem.step == 0, init, mem.prev[base + off as usize]))
            }
            Op::Neg => unary!(|a| -a),
            Op::Not => unary!(|a| from_bool(!truthy(a))),
            Op::Add => binary!(|a, b| a + b),
            Op::Sub => binary!(|a, b| a - b),
            Op::Mul => binary!(|a, b| a * b),
            Op::Div => binary!(|a, b| a / b),
            Op::Eq => binary!(|a, b| from_bool(numerics::approx_eq(a, b))),
            Op::Ne => binary!(|a, b| from_bool(!numerics::approx_eq(a, b))),
            Op::Lt => binary!(|a, b| from_bool(a < b)),
            Op::Le => binary!(|a, b| from_bool(a <= b)),
            Op::Gt => binary!(|a, b| from_bool(a > b)),
            Op::Ge => binary!(|a, b| from_bool(a >= b)),
            Op::And => binary!(|a, b| from_bool(truthy(a) && truthy(b))),
            Op::Or => binary!(|a, b| from_bool(truthy(a) || truthy(b))),
            Op::Inline1(f) => unary!(|a| (f.0)(a)),
            Op::Inline2(f) => binary!(|a, b| (f.0)(a, b)),
            Op::Inline3(f) => {
                let c = pop!();
                let b = pop!();
                let a = pop!();
                push!((f.0)(a, b, c))
            }
            Op::Host(f) => {
                sp -= f.arity();
                push!(f.eval(&stack[sp..sp + f.arity()]))
            }
            Op::If => {
                let else_ = pop!();
                let then = pop!();
                let cond = pop!();
                push!(rules::if_then_else(&mut Eval::new(), cond, then, else_))
            }
            Op::Lookup(t, f) => {
                let table = &code.tables[t as usize];
                unary!(|x| numerics::lookup_by(f, &table.xs, &table.ys, x))
            }
            Op::Store(off) => mem.curr[base + off as usize] = pop!(),
            Op::StoreConst(off) => {
                let s = base + off as usize;
                mem.curr[s] = mem.consts[s];
            }
            Op::StoreNext(off) => mem.next[base + off as usize] = pop!(),
            Op::Module(i) => {
                let call = code.calls[i as usize];
                let child = &code.modules[call.module as usize].phases[phase][call.part as usize];
                let (base, buf_base) = (base + call.off as usize, buf_base + call.buf_off as usize);
                exec(code, child, phase, base, buf_base, mem, stack);
            }
            Op::PipeInit(i) => {
                let pipe = code.pipes[i as usize];
                let init = pop!();
                let delay = pop!();
                let dt = mem.curr[Global::Dt.slot() as usize];
                let steps = numerics::pipeline_steps(delay, dt, pipe.capacity);
                let state = base + pipe.state as usize;
                mem.curr[state] = steps as f64;
                mem.curr[state + 1] = 0.0;
                let ring = buf_base + pipe.buf as usize;
                mem.bufs[ring..ring + steps as usize].fill(init);
            }
            Op::PipeIn(i) => {
                let pipe = code.pipes[i as usize];
                let input = pop!();
                let state = base + pipe.state as usize;
                let (steps, head) = (mem.curr[state], mem.curr[state + 1]);
                mem.bufs[buf_base + pipe.buf as usize + head as usize] = input;
                mem.curr[state + 1] = rules::ring_next(&mut Eval::new(), head, steps);
            }
            Op::Pick(i) => push!(stack[i as usize]),
            Op::Nip => {
                let v = pop!();
                stack[sp - 1] = v;
            }
            Op::AddLoad(off) => unary!(|a| a + mem.curr[base + off as usize]),
            Op::SubLoad(off) => unary!(|a| a - mem.curr[base + off as usize]),
            Op::MulLoad(off) => unary!(|a| a * mem.curr[base + off as usize]),
            Op::DivLoad(off) => unary!(|a| a / mem.curr[base + off as usize]),
            Op::AddLit(v) => unary!(|a| a + v),
            Op::SubLit(v) => unary!(|a| a - v),
            Op::MulLit(v) => unary!(|a| a * v),
            Op::DivLit(v) => unary!(|a| a / v),
            Op::EqLit(v) => unary!(|a| from_bool(numerics::approx_eq(a, v))),
            Op::JumpUnless(i) => {
                if !truthy(pop!()) {
                    next = ops[i as usize..].iter();
                }
            }
            Op::Jump(i) => next = ops[i as usize..].iter(),
            Op::Copy { from, to } => mem.curr[base + to as usize] = mem.curr[base + from as usize],
            Op::PipeOut(i) => {
                let pipe = code.pipes[i as usize];
                let head = mem.curr[base + pipe.state as usize + 1] as usize;
                push!(mem.bufs[buf_base + pipe.buf as usize + head])
            }
        }
    }
    debug_assert_eq!(sp, 0, "a phase leaves the stack empty");
}
