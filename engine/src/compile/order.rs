//! Topological order with cycle reporting, over dense node ids.

/// A node id: an index into the caller's node list.
pub(crate) type NodeId = u32;

/// Orders `members` (given in declaration order) so that each comes after the members
/// it depends on; dependencies outside `members` are ignored. The order is the
/// depth-first post-order in declaration order, so it is deterministic.
///
/// On a cycle, returns its members in dependency order (`a` reads `b` reads ... reads `a`).
pub(crate) fn order(n_vars: usize, members: &[NodeId], deps: &[Vec<NodeId>]) -> Result<Vec<NodeId>, Vec<NodeId>> {
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
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
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
        let deps: Vec<Vec<NodeId>> = (0..n).map(|i| if i + 1 < n { vec![i as NodeId + 1] } else { vec![] }).collect();
        let members: Vec<NodeId> = (0..n as NodeId).collect();
        let got = order(n, &members, &deps).unwrap();
        assert_eq!(got[0], n as NodeId - 1);
        assert_eq!(got[n - 1], 0);
    }
}
