//! The flow as a directed graph (petgraph), built once per check.
//!
//! Nodes are components, in id order (node `i` is `Ctx::comps[i]`). Edges are every way control
//! can pass from one component to another: connected exits (including unknown and system exits,
//! which are errors of their own but still show intent), alternative keys, and the custom error
//! exit. Targets that name no component are not edges (they are reported as CF0105).
//!
//! The graph serves reachability from the roots (entry and event handlers), strongly connected
//! components (loops), reachability from a set of start nodes (post-call paths) and the
//! forward dataflow of the callback analysis.

use callflow_model::{ErrorHandling, Role};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::Ctx;

#[derive(Debug, Default)]
pub(crate) struct FlowGraph {
    pub graph: DiGraph<(), (), u32>,
    /// Entry components (role Entry) and `flow.entry` when it exists.
    pub entries: Vec<usize>,
    /// Event-handler components (role EventHandler).
    pub handlers: Vec<usize>,
    /// Whether each component is reachable from an entry or a handler.
    pub reachable: Vec<bool>,
    /// Strongly connected components in reverse topological order: every edge leaving an SCC
    /// goes to an SCC earlier in this list.
    pub sccs: Vec<Vec<usize>>,
    /// Index into `sccs` of each node.
    pub scc_of: Vec<usize>,
}

impl FlowGraph {
    pub fn build(ctx: &Ctx<'_>) -> FlowGraph {
        let n = ctx.len();
        let mut graph: DiGraph<(), (), u32> = DiGraph::with_capacity(n, n * 2);
        for _ in 0..n {
            graph.add_node(());
        }
        let mut entries = Vec::new();
        let mut handlers = Vec::new();
        for (i, (_, c)) in ctx.comps.iter().enumerate() {
            match c.kind.spec().role {
                Role::Entry => entries.push(i),
                Role::EventHandler => handlers.push(i),
                _ => {}
            }
            let from = NodeIndex::new(i);
            for link in ctx.links(i) {
                if let Some(j) = link.to {
                    graph.add_edge(from, NodeIndex::new(j), ());
                }
            }
            for target in c.alternative_keys.values() {
                if let Some(&j) = ctx.index.get(target.as_str()) {
                    graph.add_edge(from, NodeIndex::new(j), ());
                }
            }
            if let ErrorHandling::Custom { target } = &c.error_handling
                && let Some(&j) = ctx.index.get(target.as_str())
            {
                graph.add_edge(from, NodeIndex::new(j), ());
            }
        }
        if let Some(&e) = ctx.index.get(ctx.flow.entry.as_str())
            && !entries.contains(&e)
        {
            entries.push(e);
        }
        let sccs: Vec<Vec<usize>> = petgraph::algo::kosaraju_scc(&graph)
            .into_iter()
            .map(|scc| scc.into_iter().map(NodeIndex::index).collect())
            .collect();
        let mut scc_of = vec![0; n];
        for (k, scc) in sccs.iter().enumerate() {
            for &i in scc {
                scc_of[i] = k;
            }
        }
        let mut g = FlowGraph { graph, entries, handlers, reachable: Vec::new(), sccs, scc_of };
        let roots: Vec<usize> = g.entries.iter().chain(&g.handlers).copied().collect();
        g.reachable = g.reach(&roots);
        g
    }

    /// Successors of `i` (with repeats when several exits lead to the same target).
    pub fn successors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph.neighbors(NodeIndex::new(i)).map(NodeIndex::index)
    }

    /// Which nodes are reachable from `starts` (the starts included).
    pub fn reach(&self, starts: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        let mut stack: Vec<usize> = Vec::new();
        for &s in starts {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
        while let Some(i) = stack.pop() {
            for j in self.successors(i) {
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        seen
    }

    /// Which nodes can reach one of `goals` (the goals included).
    pub fn reaches(&self, goals: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        let mut stack: Vec<usize> = Vec::new();
        for &s in goals {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
        while let Some(i) = stack.pop() {
            for j in self.graph.neighbors_directed(NodeIndex::new(i), petgraph::Direction::Incoming) {
                let j = j.index();
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        seen
    }

    /// Whether SCC `k` is a cycle: more than one node, or one node with an edge to itself.
    pub fn is_cyclic(&self, k: usize) -> bool {
        let scc = &self.sccs[k];
        scc.len() > 1 || self.successors(scc[0]).any(|j| j == scc[0])
    }

    /// For every node, the OR of `own` over every node reachable from it (itself included).
    /// Linear: one pass over the SCCs in reverse topological order.
    pub fn reach_masks(&self, own: &[u64]) -> Vec<u64> {
        let mut per_scc = vec![0u64; self.sccs.len()];
        for (k, scc) in self.sccs.iter().enumerate() {
            let mut mask = 0;
            for &i in scc {
                mask |= own[i];
                for j in self.successors(i) {
                    let kj = self.scc_of[j];
                    if kj != k {
                        mask |= per_scc[kj];
                    }
                }
            }
            per_scc[k] = mask;
        }
        self.scc_of.iter().map(|&k| per_scc[k]).collect()
    }

    /// Strongly connected components that form cycles: more than one node, or one node with an
    /// edge to itself. Each is sorted by node index; the list is sorted by first node.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = (0..self.sccs.len())
            .filter(|&k| self.is_cyclic(k))
            .map(|k| {
                let mut nodes = self.sccs[k].clone();
                nodes.sort_unstable();
                nodes
            })
            .collect();
        out.sort_unstable();
        out
    }
}
