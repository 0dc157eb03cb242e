//! Dependency order of a phase: every variable after the ones its equation reads.
//! Stocks break cycles in the flows phase (their value is known at the start of a
//! step); a cycle among the rest is an error that names its variables.

use crate::ir::Expr;

use super::model::VarId;

/// Which phase dependencies are collected for: INIT(x) reads x itself while
/// initialising, the INIT snapshot afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DepPhase {
    Initials,
    Flows,
}

/// The variables `expr` reads in `phase` (PREVIOUS reads a snapshot, so only its
/// initial-value argument counts).
pub(crate) fn reads(expr: &Expr, phase: DepPhase, out: &mut Vec<VarId>) {
    match expr {
        Expr::Load(id) => out.push(*id),
        Expr::Init(id) => {
            if phase == DepPhase::Initials {
                out.push(*id)
            }
        }
        Expr::Previous(_, init) => reads(init, phase, out),
        Expr::Lit(_) | Expr::Global(_) => {}
        Expr::Unary(_, e) | Expr::Lookup(_, _, e) => reads(e, phase, out),
        Expr::Binary(_, a, b) => {
            reads(a, phase, out);
            reads(b, phase, out);
        }
        Expr::If(c, a, b) => {
            reads(c, phase, out);
            reads(a, phase, out);
            reads(b, phase, out);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| reads(a, phase, out)),
    }
}

/// Orders `members` (given in declaration order) so that each comes after the members
/// it depends on; dependencies outside `members` are ignored. The order is the
/// depth-first post-order in declaration order, so it is deterministic.
///
/// On a cycle, returns its members in dependency order (`a` reads `b` reads ... reads `a`).
pub(crate) fn order(
    n_vars: usize,
    members: &[VarId],
    deps: &[Vec<VarId>],
) -> Result<Vec<VarId>, Vec<VarId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Outside,
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::Outside; n_vars];
    for &m in members {
        mark[m as usize] = Mark::New;
    }
    let mut out = Vec::with_capacity(members.len());
    // Explicit stack of (node, next dependency index): models have dependency chains
    // thousands long, deeper than a thread's stack allows for recursion.
    let mut stack: Vec<(VarId, usize)> = Vec::new();
    for &root in members {
        if mark[root as usize] != Mark::New {
            continue;
        }
        mark[root as usize] = Mark::Open;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (node, i) = *top;
            let node_deps = &deps[node as usize];
            if i == node_deps.len() {
                mark[node as usize] = Mark::Done;
                out.push(node);
                stack.pop();
                continue;
            }
            top.1 += 1;
            let d = node_deps[i];
            match mark[d as usize] {
                Mark::New => {
                    mark[d as usize] = Mark::Open;
                    stack.push((d, 0));
                }
                Mark::Open => {
                    let from = stack.iter().position(|&(n, _)| n == d).unwrap_or(0);
                    return Err(stack[from..].iter().map(|&(n, _)| n).collect());
                }
                Mark::Outside | Mark::Done => {}
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_come_first() {
        // 0 reads 2, 2 reads 1.
        let deps = vec![vec![2], vec![], vec![1]];
        assert_eq!(order(3, &[0, 1, 2], &deps).unwrap(), vec![1, 2, 0]);
    }

    #[test]
    fn non_members_are_ignored() {
        // 0 reads 1 (a stock, not a member) which "reads" 0.
        let deps = vec![vec![1], vec![0]];
        assert_eq!(order(2, &[0], &deps).unwrap(), vec![0]);
    }

    #[test]
    fn cycles_are_reported_in_dependency_order() {
        // 0 reads 1, 1 reads 2, 2 reads 1.
        let deps = vec![vec![1], vec![2], vec![1]];
        assert_eq!(order(3, &[0, 1, 2], &deps).unwrap_err(), vec![1, 2]);
        let deps = vec![vec![0]];
        assert_eq!(order(1, &[0], &deps).unwrap_err(), vec![0]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let deps: Vec<Vec<VarId>> = (0..n)
            .map(|i| {
                if i + 1 < n {
                    vec![i as VarId + 1]
                } else {
                    vec![]
                }
            })
            .collect();
        let members: Vec<VarId> = (0..n as VarId).collect();
        let got = order(n, &members, &deps).unwrap();
        assert_eq!(got[0], n as VarId - 1);
        assert_eq!(got[n - 1], 0);
    }
}
