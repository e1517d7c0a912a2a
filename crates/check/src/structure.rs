//! Structural rules: the entry (§5.1), kinds per flow type, dangling targets, exits (G2, G3,
//! unknown and system exits), reachability, duplicate names, endless loops and flow size.

use std::collections::HashSet;

use callflow_model::{ComponentConfig, ErrorHandling, Role};

use crate::{Ctx, codes, path_key};

/// Flows larger than this get CF0113.
pub(crate) const MAX_COMPONENTS: usize = 1_000;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    entry(ctx);
    if ctx.len() > MAX_COMPONENTS {
        ctx.emit(
            codes::TOO_MANY_COMPONENTS,
            None,
            None,
            format!("The flow has {} components (more than {MAX_COMPONENTS}).", ctx.len()),
            "Move self-contained parts (post-call surveys, callback set-up, menus) into modules and run them with Run module.",
            Some("flow.components".into()),
        );
    }
    for i in 0..ctx.len() {
        kind_allowed(ctx, i);
        targets(ctx, i);
        exits(ctx, i);
    }
    unreachable(ctx);
    duplicate_names(ctx);
}

fn entry(ctx: &mut Ctx<'_>) {
    let entries: Vec<usize> = (0..ctx.len()).filter(|&i| ctx.kind(i).spec().role == Role::Entry).collect();
    let expected = if ctx.flow.flow_type.is_subflow() { "begin_module" } else { "start" };
    match entries.as_slice() {
        [] => ctx.emit(
            codes::NO_ENTRY,
            None,
            None,
            format!("The flow has no entry component (a `{expected}` component)."),
            format!("Add a `{expected}` component, connect its `next` exit, and set `flow.entry` to its id."),
            Some("flow.components".into()),
        ),
        [_] => {}
        [_, rest @ ..] => {
            for &i in rest {
                let first = ctx.who(entries[0]);
                ctx.emit(
                    codes::SEVERAL_ENTRIES,
                    Some(i),
                    None,
                    format!("{} is a second entry component; {first} already starts the flow.", ctx.who(i)),
                    "Keep one entry component; connect the other's successor from the flow instead.",
                    ctx.path(i, ".kind"),
                );
            }
        }
    }
    let entry = ctx.flow.entry.as_str();
    match ctx.index.get(entry).copied() {
        Some(i) if entries.contains(&i) => {}
        Some(i) => ctx.emit(
            codes::BAD_FLOW_ENTRY,
            Some(i),
            None,
            format!("`flow.entry` names {}, which is not an entry component.", ctx.who(i)),
            match entries.first() {
                Some(&e) => format!("Set `flow.entry` to `{}`.", ctx.id(e)),
                None => format!("Add a `{expected}` component and set `flow.entry` to its id."),
            },
            Some("flow.entry".into()),
        ),
        None => ctx.emit(
            codes::BAD_FLOW_ENTRY,
            None,
            None,
            format!("`flow.entry` is `{entry}`, but no component has that id."),
            match entries.first() {
                Some(&e) => format!("Set `flow.entry` to `{}`.", ctx.id(e)),
                None => format!("Add a `{expected}` component and set `flow.entry` to its id."),
            },
            Some("flow.entry".into()),
        ),
    }
}

fn kind_allowed(ctx: &mut Ctx<'_>, i: usize) {
    let spec = ctx.kind(i).spec();
    let flow_type = ctx.flow.flow_type;
    if !spec.allowed_in(flow_type) {
        let allowed: Vec<String> = spec.flow_types.iter().map(|t| format!("{t:?}")).collect();
        ctx.emit(
            codes::KIND_NOT_ALLOWED,
            Some(i),
            None,
            format!(
                "{} cannot be used in a {flow_type:?} flow (only in: {}).",
                ctx.who(i),
                allowed.join(", ")
            ),
            "Remove the component or use a kind available in this flow type.",
            ctx.path(i, ".kind"),
        );
    }
}

fn targets(ctx: &Ctx<'_>, i: usize) {
    let c = ctx.comp(i);
    for link in ctx.links(i) {
        let exit = link.exit;
        if let (Some(t), None) = (link.target, link.to) {
            ctx.emit(
                codes::DANGLING_TARGET,
                Some(i),
                Some(exit),
                format!("{}: exit `{exit}` sends to `{t}`, but no component has that id.", ctx.who(i)),
                "Choose an existing component in \"Send to\", or create the missing one.",
                ctx.path(i, &format!(".exits{}", path_key(exit))),
            );
        }
    }
    for (key, t) in &c.alternative_keys {
        if !ctx.index.contains_key(t.as_str()) {
            ctx.emit(
                codes::DANGLING_TARGET,
                Some(i),
                None,
                format!(
                    "{}: alternative key {key} sends to `{t}`, but no component has that id.",
                    ctx.who(i)
                ),
                "Choose an existing component for the key, or remove the binding.",
                ctx.path(i, &format!(".alternative_keys{}", path_key(&key.to_string()))),
            );
        }
    }
    if let ErrorHandling::Custom { target } = &c.error_handling
        && !ctx.index.contains_key(target.as_str())
    {
        ctx.emit(
            codes::DANGLING_TARGET,
            Some(i),
            None,
            format!(
                "{}: the custom error exit sends to `{target}`, but no component has that id.",
                ctx.who(i)
            ),
            "Choose an existing component for the error exit, or use another error-handling option.",
            ctx.path(i, ".error_handling.target"),
        );
    }
}

fn exits(ctx: &Ctx<'_>, i: usize) {
    let c = ctx.comp(i);
    let in_subflow = ctx.flow.flow_type.is_subflow();
    // A kind whose exits depend on a config that did not parse: its dynamic exits are unknown,
    // so only its static exits are checked (the config error is reported already).
    let exits_known =
        ctx.config(i).is_some() || c.kind.spec().dynamic_exits == callflow_model::DynamicExits::None;
    let infos = ctx.exits(i);
    for (k, info) in infos.iter().enumerate() {
        let connected = ctx.is_connected(i, k);
        let path = || ctx.path(i, &format!(".exits{}", path_key(&info.name)));
        if !info.connectable {
            if connected {
                ctx.emit(
                    codes::SYSTEM_EXIT_CONNECTED,
                    Some(i),
                    Some(&info.name),
                    format!(
                        "{}: `{}` is a system exit; the platform takes it and always hangs up, so it cannot be connected.",
                        ctx.who(i),
                        info.name
                    ),
                    format!("Remove the connection of `{}`.", info.name),
                    path(),
                );
            }
            continue;
        }
        if connected {
            continue;
        }
        if info.required {
            ctx.emit(
                codes::MANDATORY_EXIT_UNCONNECTED,
                Some(i),
                Some(&info.name),
                format!("{}: mandatory exit `{}` is not connected.", ctx.who(i), info.name),
                format!("Connect `{}` to the component that should handle it (\"Send to\").", info.name),
                path(),
            );
        } else if info.fallback.is_none() && !info.post_call {
            // (A post-call exit left unconnected is the normal end: the conversation is over
            // and the call ends, which is what the designer expects; not reported.)
            let code =
                if in_subflow { codes::MODULE_EXIT_UNCONNECTED } else { codes::OPTIONAL_EXIT_UNCONNECTED };
            let message = if in_subflow {
                format!(
                    "{}: optional exit `{}` is not connected; if it is taken, it behaves as End flow (the whole flow ends).",
                    ctx.who(i),
                    info.name
                )
            } else {
                format!(
                    "{}: optional exit `{}` is not connected; if it is taken, the call hangs up here.",
                    ctx.who(i),
                    info.name
                )
            };
            let hint = if in_subflow {
                format!(
                    "Connect `{}` to a Return to flow step if the parent flow should continue.",
                    info.name
                )
            } else {
                format!("Connect `{}`, or leave it if hanging up is intended.", info.name)
            };
            ctx.emit(code, Some(i), Some(&info.name), message, hint, path());
        }
    }
    for link in ctx.links(i) {
        let exit = link.exit;
        if link.info.is_some() || !exits_known {
            continue;
        }
        let valid: Vec<&str> = infos.iter().filter(|e| e.connectable).map(|e| e.name.as_ref()).collect();
        ctx.emit(
            codes::UNKNOWN_EXIT,
            Some(i),
            Some(exit),
            format!("{} has no exit `{exit}`.", ctx.who(i)),
            if valid.is_empty() {
                format!("{} has no connectable exits; remove `{exit}`.", c.kind.spec().label)
            } else {
                format!("Remove `{exit}` or rename it to one of: {}.", valid.join(", "))
            },
            ctx.path(i, &format!(".exits{}", path_key(exit))),
        );
    }
}

fn unreachable(ctx: &mut Ctx<'_>) {
    if ctx.graph.entries.is_empty() {
        return; // CF0101 already says it all.
    }
    for i in 0..ctx.len() {
        if !ctx.graph.reachable[i] {
            ctx.emit(
                codes::UNREACHABLE,
                Some(i),
                None,
                format!("{} is not reachable from the entry or an event handler; it never runs.", ctx.who(i)),
                "Connect an exit to it, or delete it.",
                ctx.path(i, ""),
            );
        }
    }
}

fn duplicate_names(ctx: &mut Ctx<'_>) {
    let mut first: crate::FastMap<&str, usize> =
        crate::FastMap::with_capacity_and_hasher(ctx.len(), Default::default());
    for i in 0..ctx.len() {
        let name = ctx.comp(i).name.as_str();
        match first.get(name) {
            None => {
                first.insert(name, i);
            }
            Some(&f) => {
                let other = ctx.id(f);
                ctx.emit(
                    codes::DUPLICATE_NAME,
                    Some(i),
                    None,
                    format!("{} has the same name as `{other}`.", ctx.who(i)),
                    "Give each component its own name so reports and traces stay unambiguous.",
                    ctx.path(i, ".name"),
                );
            }
        }
    }
}

/// CF0112. A cycle (strongly connected component) can repeat forever when none of its members
/// waits for the caller and nothing in it counts:
/// - a member of a voice kind (it plays, listens or rings: it takes time and caller input),
///   a `run_module` (its module may wait) or a `queue_with_flow` breaks the cycle's claim;
/// - a counter is a `set_variable` in the cycle writing a variable `v` together with a
///   `conditional` in the cycle whose branch expressions read `v` and which has an exit that
///   leaves the cycle (connected outside it, or unconnected, which ends the flow).
///
/// Anything else (plain logic, business hours, callback notations, error retries) repeats with
/// the same inputs and never leaves once entered.
pub(crate) fn check_loops(ctx: &mut Ctx<'_>) {
    for cycle in ctx.graph.cycles() {
        let waits = cycle.iter().any(|&i| {
            let spec = ctx.kind(i).spec();
            spec.voice
                || matches!(
                    ctx.kind(i),
                    callflow_model::ComponentKind::RunModule | callflow_model::ComponentKind::QueueWithFlow
                )
        });
        if waits {
            continue;
        }
        let members: HashSet<usize> = cycle.iter().copied().collect();
        let written: HashSet<&str> = cycle
            .iter()
            .filter_map(|&i| match ctx.config(i) {
                Some(ComponentConfig::SetVariable(s)) => {
                    Some(s.assignments.iter().map(|a| root(&a.variable)))
                }
                _ => None,
            })
            .flatten()
            .collect();
        let counted = cycle.iter().any(|&i| {
            let Some(ComponentConfig::Conditional(_)) = ctx.config(i) else { return false };
            let tests_written = ctx.reads[i].iter().any(|v| written.contains(v.as_str()));
            let c = ctx.comp(i);
            let leaves = ctx.exits(i).iter().any(|e| match c.target(&e.name) {
                None => true,
                Some(t) => ctx.index.get(t.as_str()).is_none_or(|j| !members.contains(j)),
            });
            tests_written && leaves
        });
        if counted {
            continue;
        }
        let first = cycle[0];
        let names: Vec<String> = cycle.iter().take(6).map(|&i| format!("`{}`", ctx.comp(i).name)).collect();
        let more = if cycle.len() > 6 { format!(" and {} more", cycle.len() - 6) } else { String::new() };
        ctx.emit(
            codes::ENDLESS_LOOP,
            Some(first),
            None,
            format!(
                "{} is in a loop ({}{more}) that can repeat forever: nothing in it waits for the caller, and no counter ends it.",
                ctx.who(first),
                names.join(" -> "),
            ),
            "Put a voice step (play, menu, collect digits) in the loop, or count the rounds: a Set variable incrementing a variable and a Conditional on it with a branch leaving the loop.",
            ctx.path(first, ""),
        );
    }
}

/// `a.b.c` -> `a`.
pub(crate) fn root(name: &str) -> &str {
    name.split('.').next().unwrap_or(name).trim()
}
