//! Ordered, laid-out variables -> the three phases of a module definition.

use crate::ir::{BinOp, Expr, Global, ModuleDef, Stmt, UnOp};

use super::layout::Frame;
use super::model::{ModelVars, Role, VarId};
use super::order::DepPhase;

pub(crate) fn module_def(
    name: &str,
    mv: &ModelVars<'_>,
    frame: &Frame,
    initials: &[VarId],
    flows: &[VarId],
) -> ModuleDef {
    let off = |id: VarId| {
        frame.offsets[id as usize].unwrap_or_else(|| unreachable!("ordered variables have slots"))
    };
    let remap = |e: &Expr, phase: DepPhase| map_vars(e, phase, &off);

    let initials = initials
        .iter()
        .map(|&id| {
            let v = &mv.vars[id as usize];
            if v.is_constant() {
                return Stmt::AssignConst { off: off(id) };
            }
            let eqn = match v.role {
                Role::Stock => v.eqn.as_ref(),
                _ => v.init_eqn.as_ref().or(v.eqn.as_ref()),
            };
            let eqn =
                eqn.unwrap_or_else(|| unreachable!("variables without equations are rejected"));
            Stmt::Assign {
                off: off(id),
                expr: remap(eqn, DepPhase::Initials),
            }
        })
        .collect();

    let flows = flows
        .iter()
        .map(|&id| {
            let v = &mv.vars[id as usize];
            let eqn = v
                .eqn
                .as_ref()
                .unwrap_or_else(|| unreachable!("flows have equations"));
            Stmt::Assign {
                off: off(id),
                expr: remap(eqn, DepPhase::Flows),
            }
        })
        .collect();

    let stocks = mv
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| v.role == Role::Stock)
        .map(|(id, v)| {
            let s = off(id as VarId);
            Stmt::AssignNext {
                off: s,
                expr: euler(s, &v.inflows, &v.outflows, &off),
            }
        })
        .collect();

    ModuleDef {
        name: name.to_owned(),
        n_slots: frame.n_slots,
        slot_names: frame.slot_names.clone(),
        initials,
        flows,
        stocks,
    }
}

/// `stock + (in1 + in2 + ... - out1 - out2 ...) * DT`, summed left to right (with no
/// inflow the net starts as `-out1`); a stock without flows keeps its value.
fn euler(stock: u32, inflows: &[VarId], outflows: &[VarId], off: &impl Fn(VarId) -> u32) -> Expr {
    let load = |id: &VarId| Expr::Load(off(*id));
    let mut net: Option<Expr> = None;
    for f in inflows {
        net = Some(match net {
            None => load(f),
            Some(acc) => Expr::Binary(BinOp::Add, Box::new(acc), Box::new(load(f))),
        });
    }
    for f in outflows {
        net = Some(match net {
            None => Expr::Unary(UnOp::Neg, Box::new(load(f))),
            Some(acc) => Expr::Binary(BinOp::Sub, Box::new(acc), Box::new(load(f))),
        });
    }
    match net {
        None => Expr::Load(stock),
        Some(net) => Expr::Binary(
            BinOp::Add,
            Box::new(Expr::Load(stock)),
            Box::new(Expr::Binary(
                BinOp::Mul,
                Box::new(net),
                Box::new(Expr::Global(Global::Dt)),
            )),
        ),
    }
}

/// Replaces `VarId`s by slot offsets. While initialising, INIT(x) is x itself.
fn map_vars(e: &Expr, phase: DepPhase, off: &impl Fn(VarId) -> u32) -> Expr {
    let sub = |e: &Expr| Box::new(map_vars(e, phase, off));
    match e {
        Expr::Lit(v) => Expr::Lit(*v),
        Expr::Global(g) => Expr::Global(*g),
        Expr::Load(id) => Expr::Load(off(*id)),
        Expr::Init(id) if phase == DepPhase::Initials => Expr::Load(off(*id)),
        Expr::Init(id) => Expr::Init(off(*id)),
        Expr::Previous(id, init) => Expr::Previous(off(*id), sub(init)),
        Expr::Unary(op, a) => Expr::Unary(*op, sub(a)),
        Expr::Binary(op, a, b) => Expr::Binary(*op, sub(a), sub(b)),
        Expr::If(c, a, b) => Expr::If(sub(c), sub(a), sub(b)),
        Expr::Call(b, args) => {
            Expr::Call(*b, args.iter().map(|a| map_vars(a, phase, off)).collect())
        }
        Expr::Lookup(t, mode, x) => Expr::Lookup(*t, *mode, sub(x)),
    }
}
