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

use crate::{Ctx, codes};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.len() {
        match ctx.config(i) {
            Some(ComponentConfig::RunModule(m)) => {
                let Some(module) = referenced(ctx, i, &m.module, ".config.module", FlowType::Module) else {
                    continue;
                };
                let actual = return_exits(module);
                let known: BTreeSet<String> = m.module_exits.iter().cloned().collect();
                let added: Vec<&String> = actual.difference(&known).collect();
                let removed: Vec<&String> = known.difference(&actual).collect();
                if !added.is_empty() || !removed.is_empty() {
                    let mut parts = Vec::new();
                    if !added.is_empty() {
                        parts.push(format!("the module now also returns through {}", list(&added)));
                    }
                    if !removed.is_empty() {
                        parts.push(format!("it no longer returns through {}", list(&removed)));
                    }
                    ctx.emit(
                        codes::MODULE_EXITS_CHANGED,
                        Some(i),
                        None,
                        format!(
                            "{}: the exits of module `{}` changed: {}.",
                            ctx.who(i),
                            m.module,
                            parts.join("; ")
                        ),
                        format!(
                            "Relink the module: set `module_exits` to [{}] and connect each exit.",
                            actual.iter().map(|e| format!("\"{e}\"")).collect::<Vec<_>>().join(", ")
                        ),
                        ctx.path(i, ".config.module_exits"),
                    );
                }
                if runs_itself(ctx, &m.module) {
                    ctx.emit(
                        codes::RECURSIVE_MODULE,
                        Some(i),
                        None,
                        format!("{} runs module `{}`, which leads back to this flow.", ctx.who(i), m.module),
                        "Break the cycle: a module may not run the flow that runs it.",
                        ctx.path(i, ".config.module"),
                    );
                }
            }
            Some(ComponentConfig::QueueWithFlow(q)) => {
                referenced(ctx, i, &q.queue_flow, ".config.queue_flow", FlowType::ReusableQueueFlow);
            }
            Some(ComponentConfig::ReturnToFlow(r)) if r.exit.trim().is_empty() => ctx.emit(
                codes::EMPTY_MODULE_EXIT,
                Some(i),
                None,
                format!("{} does not name the module exit it returns through.", ctx.who(i)),
                "Name the exit, e.g. `done`; the parent's Run module gets an exit of that name.",
                ctx.path(i, ".config.exit"),
            ),
            _ => {}
        }
    }
}

fn list(names: &[&String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The referenced flow, when it is named and known; reports what is wrong otherwise.
fn referenced<'f>(ctx: &Ctx<'f>, i: usize, id: &str, at: &str, expected: FlowType) -> Option<&'f Flow> {
    let what = if expected == FlowType::Module { "module" } else { "reusable queue flow" };
    if id.trim().is_empty() {
        ctx.emit(
            codes::MODULE_REF_MISSING,
            Some(i),
            None,
            format!("{} does not name the {what} to run.", ctx.who(i)),
            format!("Choose the {what}."),
            ctx.path(i, at),
        );
        return None;
    }
    if id == ctx.flow.id && expected == FlowType::Module {
        ctx.emit(
            codes::RECURSIVE_MODULE,
            Some(i),
            None,
            format!("{} runs its own flow `{id}` as a module.", ctx.who(i)),
            "A flow may not run itself; move the shared part into a separate module.",
            ctx.path(i, at),
        );
        return None;
    }
    let flows = ctx.flows;
    match flows.flow(id) {
        None => {
            if flows.knows_flows() {
                ctx.emit(
                    codes::UNKNOWN_FLOW,
                    Some(i),
                    None,
                    format!("{} runs `{id}`, which is not among the known flows.", ctx.who(i)),
                    format!("Check the {what} id, or make its file known (the environment's `flows`)."),
                    ctx.path(i, at),
                );
            }
            None
        }
        Some(flow) if flow.flow_type != expected => {
            ctx.emit(
                codes::WRONG_FLOW_TYPE,
                Some(i),
                None,
                format!(
                    "{} runs `{id}`, a {:?} flow; it must be a {what} (type `{}`).",
                    ctx.who(i),
                    flow.flow_type,
                    if expected == FlowType::Module { "module" } else { "reusable_queue_flow" }
                ),
                format!("Choose a flow of type {what}."),
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
