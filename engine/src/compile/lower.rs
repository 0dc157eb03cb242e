//! A planned, laid-out definition -> its `ModuleDef`: the statements of every part.

use crate::ir::{Builtin, Expr, InlineFn, Method, ModuleDef, PipeAt, Stmt};

use super::DefInfo;
use super::frame::Frame;
use super::graph::{GraphPhase, Node, Plan};
use super::scope::{PipeRef, Role, Scope, VarExpr, VarId, VarRef, Wire};

pub(crate) fn module_def(
    scope: &Scope,
    defs: &[DefInfo],
    frame: &Frame,
    plans: &[Plan; 2],
    method: Method,
) -> ModuleDef {
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
        hoisted: vec![Vec::new()],
        flows: phase(GraphPhase::Flows, &plans[1]),
        stocks: lower.stocks_parts(method),
    }
}

pub(super) struct Lower<'a> {
    pub scope: &'a Scope,
    pub defs: &'a [DefInfo],
    pub frame: &'a Frame,
}

impl Lower<'_> {
    pub(super) fn off(&self, id: VarId) -> u32 {
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

    pub(super) fn eval(&self, inst: usize, part: u32) -> Stmt {
        Stmt::EvalModule {
            module: self.scope.instances[inst].def,
            off: self.frame.inst_off[inst],
            buf_off: self.frame.inst_buf[inst],
            part,
        }
    }

    /// Replaces variable ids by slot offsets and pipeline ids by their state and buffer
    /// offsets. While initialising, INIT(x) is x itself.
    pub(super) fn expr(&self, e: &VarExpr, phase: GraphPhase) -> Expr {
        let sub = |e: &VarExpr| Box::new(self.expr(e, phase));
        match e {
            Expr::Lit(v) => Expr::Lit(*v),
            Expr::Global(g) => Expr::Global(*g),
            Expr::Instance => Expr::Instance,
            Expr::Load(VarRef(id)) => Expr::Load(self.off(*id)),
            Expr::Init(VarRef(id)) if phase == GraphPhase::Initials => Expr::Load(self.off(*id)),
            Expr::Init(VarRef(id)) => Expr::Init(self.off(*id)),
            Expr::Previous(VarRef(id), init) => Expr::Previous(self.off(*id), sub(init)),
            Expr::Unary(op, a) => Expr::Unary(*op, sub(a)),
            Expr::Binary(op, a, b) => Expr::Binary(*op, sub(a), sub(b)),
            Expr::If(c, a, b) => Expr::If(sub(c), sub(a), sub(b)),
            Expr::Call(b, args) => Expr::Call(*b, args.iter().map(|a| self.expr(a, phase)).collect()),
            Expr::Lookup(t, mode, x) => Expr::Lookup(*t, *mode, sub(x)),
            Expr::PipelineOut(PipeRef(pipe)) => Expr::PipelineOut(PipeAt {
                state: self.frame.pipe_state[*pipe as usize],
                buf: self.frame.pipe_buf[*pipe as usize],
            }),
            Expr::Let(value, body) => Expr::Let(sub(value), sub(body)),
            Expr::Temp(d) => Expr::Temp(*d),
        }
    }
}

/// A non-negative stock or flow: `MAX(0, value)`.
pub(super) fn non_negative(e: Expr) -> Expr {
    Expr::Call(Builtin::Inline(InlineFn::Max), vec![Expr::Lit(0.0), e])
}
