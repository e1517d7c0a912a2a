//! Modules and reusable queue flows (G7, §5.11).
//!
//! - `run_module` names a module; `queue_with_flow` names a reusable queue flow (CF0901).
//! - When the [`FlowResolver`](crate::FlowResolver) has the referenced flow: it must be of the
//!   right type (CF0905), and a `run_module`'s `module_exits` must equal the exits the module's
//!   `return_to_flow` steps return through; added and removed exits are reported (CF0903: a new
//!   exit effect is a breaking change). When the resolver knows flows but not this one: CF0904.
//! - A flow may not run itself, directly or through other modules (CF0907).
//! - `return_to_flow` must name its exit (CF0906).
//! - Unconnected optional exits in modules are reported by the structure rules (CF0902).

use std::collections::{BTreeSet, HashSet};

use callflow_model::{ComponentConfig, ComponentKind, Flow, FlowType};

use crate::message::words;
use crate::{Ctx, codes};

crate::message::templates! { "modules";
    EXITS_ADDED = "{who}: the exits of module `{module}` changed: the module now also returns through {added}.";
    EXITS_REMOVED = "{who}: the exits of module `{module}` changed: it no longer returns through {removed}.";
    EXITS_ADDED_AND_REMOVED = "{who}: the exits of module `{module}` changed: the module now also returns through {added}; it no longer returns through {removed}.";
    RELINK_MODULE = "Relink the module: set `module_exits` to [{exits}] and connect each exit.";
    LEADS_BACK_HERE = "{who} runs module `{module}`, which leads back to this flow.";
    BREAK_THE_CYCLE = "Break the cycle: a module may not run the flow that runs it.";
    NO_EXIT_NAME = "{who} does not name the module exit it returns through.";
    NAME_THE_EXIT = "Name the exit, e.g. `done`; the parent's Run module gets an exit of that name.";
    NOTHING_TO_RUN = "{who} does not name the {what} to run.";
    CHOOSE_FLOW = "Choose the {what}.";
    RUNS_OWN_FLOW = "{who} runs its own flow `{flow}` as a module.";
    MOVE_SHARED_PART_OUT = "A flow may not run itself; move the shared part into a separate module.";
    UNKNOWN_FLOW = "{who} runs `{flow}`, which is not among the known flows.";
    CHECK_FLOW_ID = "Check the {what} id, or make its file known (the environment's `flows`).";
    WRONG_FLOW_TYPE = "{who} runs `{flow}`, a flow of type {flow_type}; it must be a {what} (type `{type_id}`).";
    CHOOSE_FLOW_OF_TYPE = "Choose a flow of type {what}.";
    MODULE = "module";
    QUEUE_FLOW = "reusable queue flow";
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.len() {
        match ctx.config(i) {
            Some(ComponentConfig::RunModule(m)) => {
                let Some(module) = referenced(ctx, i, &m.module, ".config.module", FlowType::Module) else {
                    continue;
                };
                let actual = return_exits(module);
                let known: BTreeSet<String> = m.module_exits.iter().cloned().collect();
                let added = list(actual.difference(&known));
                let removed = list(known.difference(&actual));
                let who = ctx.subject(i);
                let exits = actual.iter().map(|e| format!("\"{e}\"")).collect::<Vec<_>>().join(", ");
                let words = match (added.is_empty(), removed.is_empty()) {
                    (true, true) => None,
                    (false, true) => Some(words!(EXITS_ADDED, RELINK_MODULE;
                        who = who, module = &m.module, added = added, exits = exits)),
                    (true, false) => Some(words!(EXITS_REMOVED, RELINK_MODULE;
                        who = who, module = &m.module, removed = removed, exits = exits)),
                    (false, false) => Some(words!(EXITS_ADDED_AND_REMOVED, RELINK_MODULE;
                        who = who, module = &m.module, added = added, removed = removed, exits = exits)),
                };
                if let Some(words) = words {
                    ctx.report(
                        codes::MODULE_EXITS_CHANGED,
                        Some(i),
                        None,
                        words,
                        ctx.path(i, ".config.module_exits"),
                    );
                }
                if runs_itself(ctx, &m.module) {
                    ctx.report(
                        codes::RECURSIVE_MODULE,
                        Some(i),
                        None,
                        words!(LEADS_BACK_HERE, BREAK_THE_CYCLE; who = ctx.subject(i), module = &m.module),
                        ctx.path(i, ".config.module"),
                    );
                }
            }
            Some(ComponentConfig::QueueWithFlow(q)) => {
                referenced(ctx, i, &q.queue_flow, ".config.queue_flow", FlowType::ReusableQueueFlow);
            }
            Some(ComponentConfig::ReturnToFlow(r)) if r.exit.trim().is_empty() => ctx.report(
                codes::EMPTY_MODULE_EXIT,
                Some(i),
                None,
                words!(NO_EXIT_NAME, NAME_THE_EXIT; who = ctx.subject(i)),
                ctx.path(i, ".config.exit"),
            ),
            _ => {}
        }
    }
}

/// Exit names as a message lists them: `` `a`, `b` `` (empty when there are none).
fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The referenced flow, when it is named and known; reports what is wrong otherwise.
fn referenced<'f>(ctx: &Ctx<'f>, i: usize, id: &str, at: &str, expected: FlowType) -> Option<&'f Flow> {
    let (what, type_id) =
        if expected == FlowType::Module { (MODULE, "module") } else { (QUEUE_FLOW, "reusable_queue_flow") };
    if id.trim().is_empty() {
        ctx.report(
            codes::MODULE_REF_MISSING,
            Some(i),
            None,
            words!(NOTHING_TO_RUN, CHOOSE_FLOW; who = ctx.subject(i), what = what),
            ctx.path(i, at),
        );
        return None;
    }
    if id == ctx.flow.id && expected == FlowType::Module {
        ctx.report(
            codes::RECURSIVE_MODULE,
            Some(i),
            None,
            words!(RUNS_OWN_FLOW, MOVE_SHARED_PART_OUT; who = ctx.subject(i), flow = id),
            ctx.path(i, at),
        );
        return None;
    }
    let flows = ctx.flows;
    match flows.flow(id) {
        None => {
            if flows.knows_flows() {
                ctx.report(
                    codes::UNKNOWN_FLOW,
                    Some(i),
                    None,
                    words!(UNKNOWN_FLOW, CHECK_FLOW_ID; who = ctx.subject(i), flow = id, what = what),
                    ctx.path(i, at),
                );
            }
            None
        }
        Some(flow) if flow.flow_type != expected => {
            ctx.report(
                codes::WRONG_FLOW_TYPE,
                Some(i),
                None,
                words!(WRONG_FLOW_TYPE, CHOOSE_FLOW_OF_TYPE;
                    who = ctx.subject(i), flow = id, flow_type = crate::structure::flow_type_phrase(flow.flow_type), what = what,
                    type_id = type_id),
                ctx.path(i, at),
            );
            None
        }
        Some(flow) => Some(flow),
    }
}

/// The exits `flow` returns through (its `return_to_flow` steps).
pub(crate) fn return_exits(flow: &Flow) -> BTreeSet<String> {
    flow.components
        .values()
        .filter(|c| c.kind == ComponentKind::ReturnToFlow)
        .filter_map(|c| match ComponentConfig::parse(c.kind, &c.config) {
            Ok(ComponentConfig::ReturnToFlow(r)) if !r.exit.trim().is_empty() => Some(r.exit),
            _ => None,
        })
        .collect()
}

/// Whether running `module` leads, through the modules it runs, back to this flow.
fn runs_itself(ctx: &Ctx<'_>, module: &str) -> bool {
    let mut seen: HashSet<String> = HashSet::new();
    let mut stack = vec![module.to_string()];
    while let Some(id) = stack.pop() {
        if id == ctx.flow.id {
            return true;
        }
        if !seen.insert(id.clone()) || seen.len() > 10_000 {
            continue;
        }
        let Some(flow) = ctx.flows.flow(&id) else { continue };
        for c in flow.components.values().filter(|c| c.kind == ComponentKind::RunModule) {
            if let Ok(ComponentConfig::RunModule(m)) = ComponentConfig::parse(c.kind, &c.config) {
                stack.push(m.module);
            }
        }
    }
    false
}
