//! Post-call restrictions (PC2, PC3, §5.2) and the 48-hour interaction limit (§5.8, G8).
//!
//! **Which components are checked.** PC2 speaks of forbidden *targets* of `call_finished`, and of
//! modules that contain a forbidden kind *at any depth*. Once the agent conversation is over, the
//! flow may keep talking to the caller (a survey, PC1) but may not route the caller to an agent,
//! a mailbox or another number again, wherever that happens on the continuation. So every
//! component reachable from a post-call exit (through any exit, key or error exit) is checked,
//! not only the direct target: a voice component further down is fine, a forbidden kind anywhere
//! on the post-call path is an error. `run_module` components on that path are checked through
//! the [`FlowResolver`](crate::FlowResolver): a module (or any module it runs, transitively)
//! containing a forbidden kind is an error; an unknown module is reported as info.
//!
//! **Forbidden kinds** are the catalog's `forbidden_after_call` kinds (voicemail, assignment and
//! dial, forward to external, callback, dial agent, route to external destination, request
//! direct callback, queue with flow). For the post-call exit of `request_direct_callback`
//! another `request_direct_callback` is allowed (PC3): the chain is limited by the 48 h rule.
//!
//! **48 h.** Along any path of the flow, the summed `max_waiting_time_sec` of the
//! `request_direct_callback` steps must be at most 48 h; a callback step on a cycle makes the
//! sum unbounded. Computed as a longest path over the SCC condensation (linear).

use std::collections::{HashMap, HashSet};

use callflow_model::{ComponentConfig, ComponentKind, Flow};

use crate::message::words;
use crate::{Arg, Ctx, codes, path_key};

crate::message::templates! { "post_call";
    REACHES_FORBIDDEN = "{who}: after `{exit}` the call can still reach 1 forbidden component: {component}. {kind} is not allowed after the call has finished (path: {path}).";
    REACHES_FORBIDDEN_OF_ONE_KIND = "{who}: after `{exit}` the call can still reach {count} forbidden components: {components}. {kind} is not allowed after the call has finished (path: {path}).";
    REACHES_MORE_FORBIDDEN_OF_ONE_KIND = "{who}: after `{exit}` the call can still reach {count} forbidden components: {components}, and {more} more. {kind} is not allowed after the call has finished (path: {path}).";
    REACHES_FORBIDDEN_OF_KINDS = "{who}: after `{exit}` the call can still reach {count} forbidden components: {components}. {kinds} are not allowed after the call has finished (path: {path}).";
    REACHES_MORE_FORBIDDEN_OF_KINDS = "{who}: after `{exit}` the call can still reach {count} forbidden components: {components}, and {more} more. {kinds} are not allowed after the call has finished (path: {path}).";
    ONLY_IVR_AFTER_CALL = "After the call only IVR and logic may follow (e.g. a survey menu, play message, set variable). Route to agents, voicemail or external numbers before the call instead.";
    RUNS_FORBIDDEN_MODULE = "{who}: after `{exit}` the call runs {nearest}, whose module contains {kinds} ({chain}), which is not allowed after the call has finished (path: {path}).";
    RUNS_FORBIDDEN_MODULES = "{who}: after `{exit}` the call runs {count} module steps whose module contains a forbidden component: {steps}. The nearest, {nearest}, runs a module containing {kinds} ({chain}), which is not allowed after the call has finished (path: {path}).";
    RUNS_MORE_FORBIDDEN_MODULES = "{who}: after `{exit}` the call runs {count} module steps whose module contains a forbidden component: {steps}, and {more} more. The nearest, {nearest}, runs a module containing {kinds} ({chain}), which is not allowed after the call has finished (path: {path}).";
    REMOVE_FROM_MODULE = "Remove the forbidden component from the module, or run a module without it after the call.";
    MODULE_NOT_AVAILABLE = "{who}: after `{exit}` the call runs 1 module step ({step}) whose module is not available ({modules}), so it was not checked for forbidden components (path: {path}).";
    MODULES_NOT_AVAILABLE = "{who}: after `{exit}` the call runs {count} module steps ({steps}) whose module is not available ({modules}), so it was not checked for forbidden components (path: {path}).";
    MORE_MODULES_NOT_AVAILABLE = "{who}: after `{exit}` the call runs {count} module steps ({steps}, and {more} more) whose module is not available ({modules}), so it was not checked for forbidden components (path: {path}).";
    VALIDATE_WITH_MODULE = "Validate with the module's flow available (e.g. list it in the environment's `flows`).";
    CALLBACK_ON_LOOP = "{who} is on a loop, so chained callback requests can wait without limit; one interaction may last at most 48 h.";
    CALLBACKS_WAIT_OVER_48H = "{who}: the {kind} steps on a path up to here wait up to {hours} h {minutes} min in total; one interaction may last at most 48 h.";
    LOWER_WAITING_TIMES = "Lower `max_waiting_time_sec` of the chained {kind} steps so that their sum stays within 48 hours.";
}

/// 48 hours, the longest an interaction may last (G8).
pub(crate) const MAX_INTERACTION_SEC: u64 = 48 * 3600;

fn bit(kind: ComponentKind) -> u64 {
    1u64 << ComponentKind::ALL.iter().position(|&k| k == kind).unwrap_or(63)
}

fn forbidden_mask() -> u64 {
    ComponentKind::ALL.iter().filter(|k| k.spec().forbidden_after_call).fold(0, |m, &k| m | bit(k))
}

fn kinds_in(mask: u64) -> Vec<ComponentKind> {
    ComponentKind::ALL.iter().copied().filter(|&k| mask & bit(k) != 0).collect()
}

/// The forbidden kinds a flow run as a module contains, at any depth, with where: memoized.
struct Modules<'a> {
    memo: HashMap<String, u64>,
    resolver: &'a dyn crate::FlowResolver,
}

impl Modules<'_> {
    /// Forbidden-kind mask of module `id` (0 when unknown); `None` when the module is unknown.
    fn mask(&mut self, id: &str) -> Option<u64> {
        if let Some(&m) = self.memo.get(id) {
            return Some(m);
        }
        let flow = self.resolver.flow(id)?;
        let mut visiting = HashSet::new();
        Some(self.mask_of(id, flow, &mut visiting))
    }

    fn mask_of(&mut self, id: &str, flow: &Flow, visiting: &mut HashSet<String>) -> u64 {
        if let Some(&m) = self.memo.get(id) {
            return m;
        }
        if !visiting.insert(id.to_string()) {
            return 0; // A module cycle: reported by the modules rules; contributes nothing here.
        }
        let forbidden = forbidden_mask();
        let mut mask = 0;
        for c in flow.components.values() {
            if forbidden & bit(c.kind) != 0 {
                mask |= bit(c.kind);
            }
            if c.kind == ComponentKind::RunModule
                && let Ok(ComponentConfig::RunModule(m)) = ComponentConfig::parse(c.kind, &c.config)
                && let Some(inner) = self.resolver.flow(&m.module)
            {
                mask |= self.mask_of(&m.module, inner, visiting);
            }
        }
        visiting.remove(id);
        self.memo.insert(id.to_string(), mask);
        mask
    }

    /// A readable chain to a component of a kind in `mask` inside module `id`:
    /// `module "Post" > Forward to external "Transfer"`.
    fn explain(&self, id: &str, mask: u64, depth: usize) -> Option<String> {
        let flow = self.resolver.flow(id)?;
        for c in flow.components.values() {
            if mask & bit(c.kind) != 0 {
                return Some(format!("module `{id}` > {} \"{}\"", c.kind.spec().label, c.name));
            }
        }
        if depth > 16 {
            return None;
        }
        for c in flow.components.values() {
            if c.kind == ComponentKind::RunModule
                && let Ok(ComponentConfig::RunModule(m)) = ComponentConfig::parse(c.kind, &c.config)
                && self.memo.get(&m.module).is_some_and(|&mm| mm & mask != 0)
                && let Some(inner) = self.explain(&m.module, mask, depth + 1)
            {
                return Some(format!("module `{id}` > {inner}"));
            }
        }
        None
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    forbidden_after_call(ctx);
    callback_chain(ctx);
}

fn forbidden_after_call(ctx: &mut Ctx<'_>) {
    let n = ctx.len();
    let mut sources: Vec<(usize, String, usize)> = Vec::new();
    for i in 0..n {
        let c = ctx.comp(i);
        for e in ctx.exits(i).iter().filter(|e| e.post_call) {
            if let Some(&t) = c.target(&e.name).and_then(|t| ctx.index.get(t.as_str())) {
                sources.push((i, e.name.to_string(), t));
            }
        }
    }
    if sources.is_empty() {
        return;
    }
    let forbidden = forbidden_mask();
    let mut modules = Modules { memo: HashMap::new(), resolver: ctx.flows };
    let mut direct = vec![0u64; n];
    let mut via_module = vec![0u64; n];
    let mut unknown_module = vec![0u64; n];
    for i in 0..n {
        direct[i] = bit(ctx.kind(i)) & forbidden;
        if let Some(ComponentConfig::RunModule(m)) = ctx.config(i)
            && !m.module.is_empty()
        {
            match modules.mask(&m.module) {
                Some(mask) => via_module[i] = mask,
                None => unknown_module[i] = 1,
            }
        }
    }
    let reach_direct = ctx.graph.reach_masks(&direct);
    let reach_module = ctx.graph.reach_masks(&via_module);
    let reach_unknown = ctx.graph.reach_masks(&unknown_module);
    let mut walk = Walk::new(n);
    for (source, exit, target) in sources {
        let allowed_here = if ctx.kind(source) == ComponentKind::RequestDirectCallback {
            forbidden & !bit(ComponentKind::RequestDirectCallback)
        } else {
            forbidden
        };
        let bad_direct = reach_direct[target] & allowed_here;
        let bad_module = reach_module[target] & allowed_here;
        if bad_direct == 0 && bad_module == 0 && reach_unknown[target] == 0 {
            continue;
        }
        // A violation (rare): walk the post-call path once, nearest components first, to name
        // the offenders. One finding per (component, post-call exit) and code, however many
        // offenders the path reaches: a big flow would otherwise get one per pair.
        walk.run(&ctx.graph, target);
        let exit_path = ctx.path(source, &format!(".exits{}", path_key(&exit)));
        let offenders = |mask: &[u64], bad: u64| -> Vec<usize> {
            walk.order.iter().copied().filter(|&j| mask[j] & bad != 0).collect()
        };
        let direct_hits = offenders(&direct, bad_direct);
        if let Some(&first) = direct_hits.first() {
            let mut kinds: Vec<ComponentKind> = Vec::new();
            for &j in &direct_hits {
                if !kinds.contains(&ctx.kind(j)) {
                    kinds.push(ctx.kind(j));
                }
            }
            let (who, count, path) =
                (ctx.subject(source), direct_hits.len(), walk.path_to(ctx, source, first));
            let (components, more) = first_few(ctx, &direct_hits);
            let words = match (count, more, kinds.as_slice()) {
                (1, _, _) => words!(REACHES_FORBIDDEN, ONLY_IVR_AFTER_CALL;
                    who = who, exit = &exit, component = ctx.subject(first), kind = ctx.kind(first), path = path),
                (_, 0, &[kind]) => words!(REACHES_FORBIDDEN_OF_ONE_KIND, ONLY_IVR_AFTER_CALL;
                    who = who, exit = &exit, count = count, components = components, kind = kind, path = path),
                (_, _, &[kind]) => words!(REACHES_MORE_FORBIDDEN_OF_ONE_KIND, ONLY_IVR_AFTER_CALL;
                    who = who, exit = &exit, count = count, components = components, more = more, kind = kind,
                    path = path),
                (_, 0, _) => words!(REACHES_FORBIDDEN_OF_KINDS, ONLY_IVR_AFTER_CALL;
                    who = who, exit = &exit, count = count, components = components, kinds = labels(&kinds),
                    path = path),
                _ => words!(REACHES_MORE_FORBIDDEN_OF_KINDS, ONLY_IVR_AFTER_CALL;
                    who = who, exit = &exit, count = count, components = components, more = more,
                    kinds = labels(&kinds), path = path),
            };
            ctx.report(codes::FORBIDDEN_AFTER_CALL, Some(source), Some(&exit), words, exit_path.clone());
        }
        let module_hits: Vec<usize> =
            if bad_module == 0 { Vec::new() } else { offenders(&via_module, bad_module) };
        if let Some(&first) = module_hits.first()
            && let Some(ComponentConfig::RunModule(m)) = ctx.config(first)
        {
            let bad = via_module[first] & bad_module;
            // The module path to the forbidden component (module `post` > Voicemail "Message") is
            // one text, so its "module" and labels stay English.
            let chain =
                modules.explain(&m.module, bad, 0).unwrap_or_else(|| format!("module `{}`", m.module));
            let (who, count, path) =
                (ctx.subject(source), module_hits.len(), walk.path_to(ctx, source, first));
            let (nearest, kinds) = (ctx.subject(first), labels(&kinds_in(bad)));
            let (steps, more) = first_few(ctx, &module_hits);
            let words = match (count, more) {
                (1, _) => words!(RUNS_FORBIDDEN_MODULE, REMOVE_FROM_MODULE;
                    who = who, exit = &exit, nearest = nearest, kinds = kinds, chain = chain, path = path),
                (_, 0) => words!(RUNS_FORBIDDEN_MODULES, REMOVE_FROM_MODULE;
                    who = who, exit = &exit, count = count, steps = steps, nearest = nearest, kinds = kinds,
                    chain = chain, path = path),
                _ => words!(RUNS_MORE_FORBIDDEN_MODULES, REMOVE_FROM_MODULE;
                    who = who, exit = &exit, count = count, steps = steps, more = more, nearest = nearest,
                    kinds = kinds, chain = chain, path = path),
            };
            ctx.report(
                codes::FORBIDDEN_IN_POST_CALL_MODULE,
                Some(source),
                Some(&exit),
                words,
                exit_path.clone(),
            );
        }
        let unknown_hits: Vec<usize> =
            if reach_unknown[target] == 0 { Vec::new() } else { offenders(&unknown_module, 1) };
        if let Some(&first) = unknown_hits.first() {
            // Each missing module once, however many of the steps run it.
            let mut module_ids: Vec<String> = Vec::new();
            for &j in unknown_hits.iter().take(SHOWN) {
                if let Some(ComponentConfig::RunModule(m)) = ctx.config(j) {
                    let id = format!("`{}`", m.module);
                    if !module_ids.contains(&id) {
                        module_ids.push(id);
                    }
                }
            }
            let module_ids = module_ids.join(", ");
            let (who, count, path) =
                (ctx.subject(source), unknown_hits.len(), walk.path_to(ctx, source, first));
            let (steps, more) = first_few(ctx, &unknown_hits);
            let words = match (count, more) {
                (1, _) => words!(MODULE_NOT_AVAILABLE, VALIDATE_WITH_MODULE;
                    who = who, exit = &exit, step = ctx.subject(first), modules = module_ids, path = path),
                (_, 0) => words!(MODULES_NOT_AVAILABLE, VALIDATE_WITH_MODULE;
                    who = who, exit = &exit, count = count, steps = steps, modules = module_ids, path = path),
                _ => words!(MORE_MODULES_NOT_AVAILABLE, VALIDATE_WITH_MODULE;
                    who = who, exit = &exit, count = count, steps = steps, more = more, modules = module_ids,
                    path = path),
            };
            ctx.report(codes::POST_CALL_MODULE_UNKNOWN, Some(source), Some(&exit), words, exit_path);
        }
    }
}

/// How many offenders a message names before saying "and N more".
const SHOWN: usize = 3;

/// The first [`SHOWN`] of `nodes` as messages name components, and how many more there are.
fn first_few(ctx: &Ctx<'_>, nodes: &[usize]) -> (Arg, usize) {
    let shown: Vec<Arg> = nodes.iter().take(SHOWN).map(|&j| ctx.subject(j)).collect();
    (Arg::List(shown), nodes.len().saturating_sub(SHOWN))
}

/// Kinds as a message lists them: `Voicemail, Callback`.
fn labels(kinds: &[ComponentKind]) -> Arg {
    Arg::List(kinds.iter().map(|&k| Arg::Kind(k)).collect())
}

/// A breadth-first walk from one post-call target, reusable across targets without clearing
/// (each walk has its own stamp), so reporting many violating exits stays linear per walk.
struct Walk {
    stamp: Vec<u32>,
    current: u32,
    parent: Vec<usize>,
    /// The nodes reached, nearest first.
    order: Vec<usize>,
}

impl Walk {
    fn new(n: usize) -> Walk {
        Walk { stamp: vec![0; n], current: 0, parent: vec![usize::MAX; n], order: Vec::new() }
    }

    fn run(&mut self, graph: &crate::graph::FlowGraph, start: usize) {
        self.current += 1;
        self.order.clear();
        self.stamp[start] = self.current;
        self.parent[start] = usize::MAX;
        self.order.push(start);
        let mut next = 0;
        while next < self.order.len() {
            let i = self.order[next];
            next += 1;
            for j in graph.successors(i) {
                if self.stamp[j] != self.current {
                    self.stamp[j] = self.current;
                    self.parent[j] = i;
                    self.order.push(j);
                }
            }
        }
    }

    /// `` `source` > `target` > ... > `node` ``: a shortest path of the last walk, by id.
    fn path_to(&self, ctx: &Ctx<'_>, source: usize, node: usize) -> String {
        let mut ids = vec![ctx.id(node)];
        let mut at = node;
        while self.parent[at] != usize::MAX {
            at = self.parent[at];
            ids.push(ctx.id(at));
        }
        ids.push(ctx.id(source));
        ids.reverse();
        ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(" > ")
    }
}

fn callback_chain(ctx: &mut Ctx<'_>) {
    let n = ctx.len();
    let weight: Vec<u64> = (0..n)
        .map(|i| match ctx.config(i) {
            Some(ComponentConfig::RequestDirectCallback(r)) => u64::from(r.assignment.max_waiting_time_sec),
            _ => 0,
        })
        .collect();
    if weight.iter().all(|&w| w == 0) {
        return;
    }
    let g = &ctx.graph;
    // Longest weighted path *ending* at each SCC: process SCCs in topological order (the
    // reverse of `g.sccs`), pushing sums to successors. A cyclic SCC with weight is unbounded.
    let k_count = g.sccs.len();
    let mut ending = vec![0u64; k_count];
    let mut incoming = vec![0u64; k_count];
    let mut findings: Vec<(usize, Option<u64>)> = Vec::new();
    for k in (0..k_count).rev() {
        let scc = &g.sccs[k];
        let w: u64 = scc.iter().map(|&i| weight[i]).sum();
        let unbounded = w > 0 && g.is_cyclic(k);
        let total = if unbounded { u64::MAX } else { incoming[k].saturating_add(w) };
        ending[k] = total;
        if w > 0 {
            if unbounded {
                let first = *scc.iter().filter(|&&i| weight[i] > 0).min().unwrap_or(&scc[0]);
                findings.push((first, None));
            } else if total > MAX_INTERACTION_SEC && incoming[k] <= MAX_INTERACTION_SEC {
                findings.push((scc[0], Some(total)));
            }
        }
        for &i in scc {
            for j in g.successors(i) {
                let kj = g.scc_of[j];
                if kj != k && incoming[kj] < total {
                    incoming[kj] = total;
                }
            }
        }
    }
    for (i, total) in findings {
        let words = match total {
            None => {
                words!(CALLBACK_ON_LOOP, LOWER_WAITING_TIMES; who = ctx.subject(i), kind = ComponentKind::RequestDirectCallback)
            }
            Some(total) => words!(CALLBACKS_WAIT_OVER_48H, LOWER_WAITING_TIMES;
                who = ctx.subject(i), kind = ComponentKind::RequestDirectCallback, hours = total / 3600,
                minutes = (total % 3600) / 60),
        };
        ctx.report(
            codes::INTERACTION_OVER_48H,
            Some(i),
            None,
            words,
            ctx.path(i, ".config.assignment.max_waiting_time_sec"),
        );
    }
}
