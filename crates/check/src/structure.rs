//! Structural rules: the entry (§5.1), kinds per flow type, dangling targets, exits (G2, G3,
//! unknown and system exits), reachability, duplicate names, endless loops and flow size.

use std::collections::HashSet;

use callflow_model::{ComponentConfig, ErrorHandling, FlowType, Role};

use crate::message::{Template, words};
use crate::{Arg, Ctx, codes, path_key};

crate::message::templates! { "structure";
    TOO_MANY_COMPONENTS = "The flow has {count} components (more than {max}).";
    MOVE_PARTS_INTO_MODULES = "Move self-contained parts (post-call surveys, callback set-up, menus) into modules and run them with Run module.";
    NO_ENTRY = "The flow has no entry component (a `{kind_id}` component).";
    ADD_AND_CONNECT_ENTRY = "Add a `{kind_id}` component, connect its `next` exit, and set `flow.entry` to its id.";
    SECOND_ENTRY = "{who} is a second entry component; {first} already starts the flow.";
    KEEP_ONE_ENTRY = "Keep one entry component; connect the other's successor from the flow instead.";
    ENTRY_NOT_AN_ENTRY = "`flow.entry` names {who}, which is not an entry component.";
    ENTRY_UNKNOWN = "`flow.entry` is `{entry}`, but no component has that id.";
    SET_ENTRY = "Set `flow.entry` to `{entry_id}`.";
    ADD_ENTRY = "Add a `{kind_id}` component and set `flow.entry` to its id.";
    KIND_NOT_ALLOWED = "{who} cannot be used in a flow of type {flow_type}; it can be used in: {flow_types}.";
    INBOUND = "inbound";
    OUTBOUND_DIALER = "outbound dialer";
    MODULE = "module";
    REUSABLE_QUEUE_FLOW = "reusable queue flow";
    REMOVE_OR_USE_ANOTHER_KIND = "Remove the component or use a kind available in this flow type.";
    EXIT_TARGET_MISSING = "{who}: exit `{exit}` sends to `{target}`, but no component has that id.";
    CHOOSE_EXISTING_TARGET = "Choose an existing component in \"Send to\", or create the missing one.";
    KEY_TARGET_MISSING = "{who}: alternative key {key} sends to `{target}`, but no component has that id.";
    CHOOSE_KEY_TARGET_OR_UNBIND = "Choose an existing component for the key, or remove the binding.";
    ERROR_TARGET_MISSING = "{who}: the custom error exit sends to `{target}`, but no component has that id.";
    CHOOSE_ERROR_TARGET = "Choose an existing component for the error exit, or use another error-handling option.";
    SYSTEM_EXIT_CONNECTED = "{who}: `{exit}` is a system exit; the platform takes it and always hangs up, so it cannot be connected.";
    DISCONNECT_SYSTEM_EXIT = "Remove the connection of `{exit}`.";
    MANDATORY_EXIT_UNCONNECTED = "{who}: mandatory exit `{exit}` is not connected.";
    CONNECT_MANDATORY_EXIT = "Connect `{exit}` to the component that should handle it (\"Send to\").";
    MODULE_EXIT_UNCONNECTED = "{who}: optional exit `{exit}` is not connected; if it is taken, it behaves as End flow (the whole flow ends).";
    CONNECT_TO_RETURN = "Connect `{exit}` to a Return to flow step if the parent flow should continue.";
    OPTIONAL_EXIT_UNCONNECTED = "{who}: optional exit `{exit}` is not connected; if it is taken, the call hangs up here.";
    CONNECT_OR_LEAVE = "Connect `{exit}`, or leave it if hanging up is intended.";
    UNKNOWN_EXIT = "{who} has no exit `{exit}`.";
    REMOVE_EXIT = "{kind} has no connectable exits; remove `{exit}`.";
    REMOVE_OR_RENAME_EXIT = "Remove `{exit}` or rename it to one of: {exits}.";
    UNREACHABLE = "{who} is not reachable from the entry or an event handler; it never runs.";
    CONNECT_OR_DELETE = "Connect an exit to it, or delete it.";
    DUPLICATE_NAME = "{who} has the same name as `{other}`.";
    NAME_EACH_COMPONENT = "Give each component its own name so reports and traces stay unambiguous.";
    ENDLESS_LOOP = "{who} is in a loop ({members}) that can repeat forever: nothing in it waits for the caller, and no counter ends it.";
    ENDLESS_LONG_LOOP = "{who} is in a loop ({members} and {more} more) that can repeat forever: nothing in it waits for the caller, and no counter ends it.";
    WAIT_OR_COUNT_IN_LOOP = "Put a voice step (play, menu, collect digits) in the loop, or count the rounds: a Set variable incrementing a variable and a Conditional on it with a branch leaving the loop.";
}

/// Flows larger than this get CF0113.
pub(crate) const MAX_COMPONENTS: usize = 1_000;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    entry(ctx);
    if ctx.len() > MAX_COMPONENTS {
        ctx.report(
            codes::TOO_MANY_COMPONENTS,
            None,
            None,
            words!(TOO_MANY_COMPONENTS, MOVE_PARTS_INTO_MODULES; count = ctx.len(), max = MAX_COMPONENTS),
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
        [] => ctx.report(
            codes::NO_ENTRY,
            None,
            None,
            words!(NO_ENTRY, ADD_AND_CONNECT_ENTRY; kind_id = expected),
            Some("flow.components".into()),
        ),
        [_] => {}
        [first, rest @ ..] => {
            for &i in rest {
                ctx.report(
                    codes::SEVERAL_ENTRIES,
                    Some(i),
                    None,
                    words!(SECOND_ENTRY, KEEP_ONE_ENTRY; who = ctx.subject(i), first = ctx.subject(*first)),
                    ctx.path(i, ".kind"),
                );
            }
        }
    }
    let entry = ctx.flow.entry.as_str();
    match ctx.index.get(entry).copied() {
        Some(i) if entries.contains(&i) => {}
        Some(i) => ctx.report(
            codes::BAD_FLOW_ENTRY,
            Some(i),
            None,
            match entries.first() {
                Some(&e) => words!(ENTRY_NOT_AN_ENTRY, SET_ENTRY; who = ctx.subject(i), entry_id = ctx.id(e)),
                None => words!(ENTRY_NOT_AN_ENTRY, ADD_ENTRY; who = ctx.subject(i), kind_id = expected),
            },
            Some("flow.entry".into()),
        ),
        None => ctx.report(
            codes::BAD_FLOW_ENTRY,
            None,
            None,
            match entries.first() {
                Some(&e) => words!(ENTRY_UNKNOWN, SET_ENTRY; entry = entry, entry_id = ctx.id(e)),
                None => words!(ENTRY_UNKNOWN, ADD_ENTRY; entry = entry, kind_id = expected),
            },
            Some("flow.entry".into()),
        ),
    }
}

fn kind_allowed(ctx: &mut Ctx<'_>, i: usize) {
    let spec = ctx.kind(i).spec();
    let flow_type = ctx.flow.flow_type;
    if !spec.allowed_in(flow_type) {
        let allowed: Vec<Arg> = spec.flow_types.iter().map(|&t| flow_type_phrase(t).into()).collect();
        ctx.report(
            codes::KIND_NOT_ALLOWED,
            Some(i),
            None,
            words!(KIND_NOT_ALLOWED, REMOVE_OR_USE_ANOTHER_KIND;
                who = ctx.subject(i),
                flow_type = flow_type_phrase(flow_type),
                flow_types = allowed),
            ctx.path(i, ".kind"),
        );
    }
}

/// How messages name a flow type.
pub(crate) fn flow_type_phrase(flow_type: FlowType) -> &'static Template {
    match flow_type {
        FlowType::Inbound => INBOUND,
        FlowType::OutboundDialer => OUTBOUND_DIALER,
        FlowType::Module => MODULE,
        FlowType::ReusableQueueFlow => REUSABLE_QUEUE_FLOW,
    }
}

fn targets(ctx: &Ctx<'_>, i: usize) {
    let c = ctx.comp(i);
    for link in ctx.links(i) {
        let exit = link.exit;
        if let (Some(t), None) = (link.target, link.to) {
            ctx.report(
                codes::DANGLING_TARGET,
                Some(i),
                Some(exit),
                words!(EXIT_TARGET_MISSING, CHOOSE_EXISTING_TARGET;
                    who = ctx.subject(i),
                    exit = exit,
                    target = t),
                ctx.path(i, &format!(".exits{}", path_key(exit))),
            );
        }
    }
    for (key, t) in &c.alternative_keys {
        if !ctx.index.contains_key(t.as_str()) {
            ctx.report(
                codes::DANGLING_TARGET,
                Some(i),
                None,
                words!(KEY_TARGET_MISSING, CHOOSE_KEY_TARGET_OR_UNBIND;
                    who = ctx.subject(i),
                    key = key.to_string(),
                    target = t),
                ctx.path(i, &format!(".alternative_keys{}", path_key(&key.to_string()))),
            );
        }
    }
    if let ErrorHandling::Custom { target } = &c.error_handling
        && !ctx.index.contains_key(target.as_str())
    {
        ctx.report(
            codes::DANGLING_TARGET,
            Some(i),
            None,
            words!(ERROR_TARGET_MISSING, CHOOSE_ERROR_TARGET; who = ctx.subject(i), target = target),
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
        let exit: &str = &info.name;
        if !info.connectable {
            if connected {
                ctx.report(
                    codes::SYSTEM_EXIT_CONNECTED,
                    Some(i),
                    Some(exit),
                    words!(SYSTEM_EXIT_CONNECTED, DISCONNECT_SYSTEM_EXIT; who = ctx.subject(i), exit = exit),
                    path(),
                );
            }
            continue;
        }
        if connected {
            continue;
        }
        if info.required {
            ctx.report(
                codes::MANDATORY_EXIT_UNCONNECTED,
                Some(i),
                Some(exit),
                words!(MANDATORY_EXIT_UNCONNECTED, CONNECT_MANDATORY_EXIT; who = ctx.subject(i), exit = exit),
                path(),
            );
        } else if info.fallback.is_none() && !info.post_call {
            // (A post-call exit left unconnected is the normal end: the conversation is over
            // and the call ends, which is what the designer expects; not reported.)
            let who = ctx.subject(i);
            if in_subflow {
                ctx.report(
                    codes::MODULE_EXIT_UNCONNECTED,
                    Some(i),
                    Some(exit),
                    words!(MODULE_EXIT_UNCONNECTED, CONNECT_TO_RETURN; who = who, exit = exit),
                    path(),
                );
            } else {
                ctx.report(
                    codes::OPTIONAL_EXIT_UNCONNECTED,
                    Some(i),
                    Some(exit),
                    words!(OPTIONAL_EXIT_UNCONNECTED, CONNECT_OR_LEAVE; who = who, exit = exit),
                    path(),
                );
            }
        }
    }
    for link in ctx.links(i) {
        let exit = link.exit;
        if link.info.is_some() || !exits_known {
            continue;
        }
        let valid: Vec<&str> = infos.iter().filter(|e| e.connectable).map(|e| e.name.as_ref()).collect();
        ctx.report(
            codes::UNKNOWN_EXIT,
            Some(i),
            Some(exit),
            if valid.is_empty() {
                words!(UNKNOWN_EXIT, REMOVE_EXIT; who = ctx.subject(i), exit = exit, kind = c.kind)
            } else {
                words!(UNKNOWN_EXIT, REMOVE_OR_RENAME_EXIT;
                    who = ctx.subject(i),
                    exit = exit,
                    exits = valid.join(", "))
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
            ctx.report(
                codes::UNREACHABLE,
                Some(i),
                None,
                words!(UNREACHABLE, CONNECT_OR_DELETE; who = ctx.subject(i)),
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
                ctx.report(
                    codes::DUPLICATE_NAME,
                    Some(i),
                    None,
                    words!(DUPLICATE_NAME, NAME_EACH_COMPONENT; who = ctx.subject(i), other = ctx.id(f)),
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
        let (who, members) = (ctx.subject(first), names.join(" -> "));
        ctx.report(
            codes::ENDLESS_LOOP,
            Some(first),
            None,
            if cycle.len() > 6 {
                words!(ENDLESS_LONG_LOOP, WAIT_OR_COUNT_IN_LOOP;
                    who = who,
                    members = members,
                    more = cycle.len() - 6)
            } else {
                words!(ENDLESS_LOOP, WAIT_OR_COUNT_IN_LOOP; who = who, members = members)
            },
            ctx.path(first, ""),
        );
    }
}

/// `a.b.c` -> `a`.
pub(crate) fn root(name: &str) -> &str {
    name.split('.').next().unwrap_or(name).trim()
}
