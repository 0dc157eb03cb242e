//! A planned, laid-out definition -> its `ModuleDef`: the statements of every part.

use crate::ir::{BinOp, Builtin, Expr, Global, InlineFn, ModuleDef, Stmt, UnOp};

use super::DefInfo;
use super::frame::Frame;
use super::graph::{GraphPhase, Node, Plan};
use super::scope::{Role, Scope, VarId, Wire};

pub(crate) fn module_def(scope: &Scope, defs: &[DefInfo], frame: &Frame, plans: &[Plan; 2]) -> ModuleDef {
    let lower = Lower { scope, defs, frame };
    let phase = |ph: GraphPhase, plan: &Plan| -> Vec<Vec<Stmt>> {
        plan.parts.iter().map(|part| part.iter().filter_map(|&n| lower.node(ph, n)).collect()).collect()
    };
    ModuleDef {
        name: scope.model_display.clone(),
        n_slots: frame.n_slots,
        n_buf: frame.n_buf,
        slot_names: frame.slot_names.clone(),
        initials: phase(GraphPhase::Initials, &plans[0]),
        flows: phase(GraphPhase::Flows, &plans[1]),
        stocks: vec![lower.stocks()],
    }
}

struct Lower<'a> {
    scope: &'a Scope,
    defs: &'a [DefInfo],
    frame: &'a Frame,
}

impl Lower<'_> {
    fn off(&self, id: VarId) -> u32 {
        self.frame.value_off(self.scope, id)
    }

    /// The statement that computes `node` in `phase`.
    fn node(&self, phase: GraphPhase, node: Node) -> Option<Stmt> {
        Some(match node {
            Node::Var(id) => {
                let v = self.scope.var(id);
                let off = self.off(id);
                if v.is_constant() {
                    return Some(Stmt::AssignConst { off });
                }
                let eqn = match (phase, &v.role) {
                    (GraphPhase::Initials, Role::Stock) => v.eqn.as_ref(),
                    (GraphPhase::Initials, _) => v.init_eqn.as_ref().or(v.eqn.as_ref()),
                    (GraphPhase::Flows, _) => v.eqn.as_ref(),
                };
                let mut expr = self.expr(eqn?, phase);
                if matches!(v.role, Role::Flow) && v.non_negative {
                    expr = non_negative(expr);
                }
                Stmt::Assign { off, expr }
            }
            Node::Wire(i, w) => {
                let inst = &self.scope.instances[i as usize];
                let off = self.frame.inst_off[i as usize] + self.defs[inst.def as usize].inputs[w as usize].1;
                match &inst.wires[w as usize] {
                    Wire::Literal(_) => Stmt::AssignConst { off },
                    Wire::Expr(e) => Stmt::Assign { off, expr: self.expr(e, phase) },
                }
            }
            Node::Part(i, part) => self.eval(i as usize, part),
            Node::Pipe(k) => {
                let pipe = &self.scope.pipes[k as usize];
                Stmt::PipelineInit {
                    state: self.frame.pipe_state[k as usize],
                    buf: self.frame.pipe_buf[k as usize],
                    capacity: self.frame.capacity,
                    delay: self.expr(&pipe.delay, phase),
                    init: self.expr(&pipe.init, phase),
                }
            }
        })
    }

    fn eval(&self, inst: usize, part: u32) -> Stmt {
        Stmt::EvalModule {
            module: self.scope.instances[inst].def,
            off: self.frame.inst_off[inst],
            buf_off: self.frame.inst_buf[inst],
            part,
        }
    }

    /// The stocks phase: every own stock, every pipeline feed, every child instance.
    fn stocks(&self) -> Vec<Stmt> {
        let mut out = Vec::new();
        for (id, v) in self.scope.vars.iter().enumerate() {
            if !matches!(v.role, Role::Stock) {
                continue;
            }
            let s = self.off(id as VarId);
            let mut expr = self.euler(s, &v.inflows, &v.outflows);
            if v.non_negative {
                expr = non_negative(expr);
            }
            out.push(Stmt::AssignNext { off: s, expr });
        }
        for (k, pipe) in self.scope.pipes.iter().enumerate() {
            out.push(Stmt::PipelineIn {
                state: self.frame.pipe_state[k],
                buf: self.frame.pipe_buf[k],
                input: self.expr(&pipe.input, GraphPhase::Flows),
            });
        }
        for (i, inst) in self.scope.instances.iter().enumerate() {
            if self.defs[inst.def as usize].has_stocks {
                out.push(self.eval(i, 0));
            }
        }
        out
    }

    /// `stock + (in1 + in2 + ... - out1 - out2 ...) * DT`, summed left to right (with no
    /// inflow the net starts as `-out1`); a stock without flows keeps its value.
    fn euler(&self, stock: u32, inflows: &[VarId], outflows: &[VarId]) -> Expr {
        let mut net: Option<Expr> = None;
        for &f in inflows {
            let f = Expr::Load(self.off(f));
            net = Some(match net {
                None => f,
                Some(acc) => Expr::Binary(BinOp::Add, Box::new(acc), Box::new(f)),
            });
        }
        for &f in outflows {
            let f = Expr::Load(self.off(f));
            net = Some(match net {
                None => Expr::Unary(UnOp::Neg, Box::new(f)),
                Some(acc) => Expr::Binary(BinOp::Sub, Box::new(acc), Box::new(f)),
            });
        }
        match net {
            None => Expr::Load(stock),
            Some(net) => Expr::Binary(
                BinOp::Add,
                Box::new(Expr::Load(stock)),
                Box::new(Expr::Binary(BinOp::Mul, Box::new(net), Box::new(Expr::Global(Global::Dt)))),
            ),
        }
    }

    /// Replaces variable ids by slot offsets and pipeline ids by their state and buffer
    /// offsets. While initialising, INIT(x) is x itself.
    fn expr(&self, e: &Expr, phase: GraphPhase) -> Expr {
        let sub = |e: &Expr| Box::new(self.expr(e, phase));
        match e {
            Expr::Lit(v) => Expr::Lit(*v),
            Expr::Global(g) => Expr::Global(*g),
            Expr::Instance => Expr::Instance,
            Expr::Load(id) => Expr::Load(self.off(*id)),
            Expr::Init(id) if phase == GraphPhase::Initials => Expr::Load(self.off(*id)),
            Expr::Init(id) => Expr::Init(self.off(*id)),
            Expr::Previous(id, init) => Expr::Previous(self.off(*id), sub(init)),
            Expr::Unary(op, a) => Expr::Unary(*op, sub(a)),
            Expr::Binary(op, a, b) => Expr::Binary(*op, sub(a), sub(b)),
            Expr::If(c, a, b) => Expr::If(sub(c), sub(a), sub(b)),
            Expr::Call(b, args) => Expr::Call(*b, args.iter().map(|a| self.expr(a, phase)).collect()),
            Expr::Lookup(t, mode, x) => Expr::Lookup(*t, *mode, sub(x)),
            Expr::PipelineOut { state, .. } => Expr::PipelineOut {
                state: self.frame.pipe_state[*state as usize],
                buf: self.frame.pipe_buf[*state as usize],
            },
            Expr::Let(value, body) => Expr::Let(sub(value), sub(body)),
            Expr::Temp(d) => Expr::Temp(*d),
        }
    }
}

/// A non-negative stock or flow: `MAX(0, value)`.
fn non_negative(e: Expr) -> Expr {
    Expr::Call(Builtin::Inline(InlineFn::Max), vec![Expr::Lit(0.0), e])
}
