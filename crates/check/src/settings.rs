//! Kind-specific settings that parse but make no sense: ranges (§5.5 agents to ring 1-10,
//! priority 1-10), `most_proficient` without attributes, agents that are not emails, empty
//! required values, digit limits and validation patterns, menu options, conditional branches,
//! `create_external_number` rules (§5.7), dialer numbers, zero timeouts.

use callflow_model::ComponentConfig;
use callflow_model::config::{AgentSelection, AssignmentDialConfig, SortBy};

use crate::{Ctx, codes};

const MAX_BRANCHES: usize = 10;

pub(crate) fn check(ctx: &Ctx<'_>) {
    for i in 0..ctx.len() {
        if let Some(config) = ctx.config(i) {
            component(ctx, i, config);
        }
    }
}

fn component(ctx: &Ctx<'_>, i: usize, config: &ComponentConfig) {
    match config {
        ComponentConfig::AssignmentDial(a) => assignment(ctx, i, a, ".config"),
        ComponentConfig::Callback(c) => assignment(ctx, i, &c.assignment, ".config.assignment"),
        ComponentConfig::RequestDirectCallback(r) => assignment(ctx, i, &r.assignment, ".config.assignment"),
        ComponentConfig::QueueWithFlow(q) => {
            required(ctx, i, &q.queue, ".config.queue", "queue");
            priority(ctx, i, q.priority, ".config.priority");
            zero(ctx, i, q.max_waiting_time_sec, ".config.max_waiting_time_sec", "maximum waiting time");
        }
        ComponentConfig::DialAgent(d) => {
            if let Some(agent) = d.agent.literal() {
                email(ctx, i, agent, ".config.agent.literal");
            }
            zero(ctx, i, d.ring_timeout_sec, ".config.ring_timeout_sec", "ring timeout");
        }
        ComponentConfig::CollectDigits(c) => {
            if c.min_digits < 1 || c.min_digits > c.max_digits {
                ctx.emit(
                    codes::DIGITS_RANGE,
                    Some(i),
                    None,
                    format!(
                        "{}: digit limits are min {} and max {}; they need 1 <= min <= max.",
                        ctx.who(i),
                        c.min_digits,
                        c.max_digits
                    ),
                    "Set `min_digits` to at least 1 and no more than `max_digits`.",
                    ctx.path(i, ".config.min_digits"),
                );
            }
            zero(ctx, i, c.first_digit_timeout_sec, ".config.first_digit_timeout_sec", "first-digit timeout");
            if let Some(pattern) = &c.validation
                && let Err(err) = regex::RegexBuilder::new(pattern).size_limit(1 << 20).build()
            {
                let detail = err.to_string().lines().last().unwrap_or_default().trim().to_string();
                ctx.emit(
                    codes::BAD_REGEX,
                    Some(i),
                    None,
                    format!(
                        "{}: the validation pattern `{pattern}` is not a valid regular expression: {detail}",
                        ctx.who(i)
                    ),
                    "Fix the pattern, e.g. `^\\+?[0-9]{8,15}$`.",
                    ctx.path(i, ".config.validation"),
                );
            }
        }
        ComponentConfig::Menu(m) => {
            if m.options.is_empty() {
                ctx.emit(
                    codes::MENU_OPTIONS,
                    Some(i),
                    None,
                    format!("{} has no options.", ctx.who(i)),
                    "Add at least one option (a key and a label).",
                    ctx.path(i, ".config.options"),
                );
            }
            // Keys seen so far, one bit per keypad key (no set to allocate per menu).
            let mut seen: u16 = 0;
            for (n, o) in m.options.iter().enumerate() {
                let bit = 1u16 << callflow_model::DtmfKey::ALL.iter().position(|&k| k == o.key).unwrap_or(15);
                let repeated = seen & bit != 0;
                seen |= bit;
                if repeated {
                    ctx.emit(
                        codes::MENU_OPTIONS,
                        Some(i),
                        None,
                        format!("{}: key {} is used by more than one option.", ctx.who(i), o.key),
                        "Give each option its own key.",
                        ctx.path(i, &format!(".config.options[{n}].key")),
                    );
                }
            }
            zero(ctx, i, m.timeout_sec, ".config.timeout_sec", "input timeout");
        }
        ComponentConfig::Conditional(c) => {
            if c.branches.is_empty() || c.branches.len() > MAX_BRANCHES {
                ctx.emit(
                    codes::BRANCHES,
                    Some(i),
                    None,
                    format!(
                        "{} has {} branches; a conditional has 1 to {MAX_BRANCHES}.",
                        ctx.who(i),
                        c.branches.len()
                    ),
                    "Add a branch, or split the decision over two conditionals.",
                    ctx.path(i, ".config.branches"),
                );
            }
            let static_exits = ctx.kind(i).spec().exits;
            for (n, b) in c.branches.iter().enumerate() {
                let problem = if b.name.trim().is_empty() {
                    Some("has an empty name".to_string())
                } else if static_exits.iter().any(|e| e.name == b.name) {
                    Some(format!("is named `{}`, which is the conditional's own exit", b.name))
                } else if c.branches[..n].iter().any(|earlier| earlier.name == b.name) {
                    Some(format!("`{}` is named twice", b.name))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    ctx.emit(
                        codes::BRANCHES,
                        Some(i),
                        None,
                        format!("{}: branch {} {problem}.", ctx.who(i), n + 1),
                        "Give each branch its own non-empty name (the name is the branch's exit).",
                        ctx.path(i, &format!(".config.branches[{n}].name")),
                    );
                }
            }
        }
        ComponentConfig::SetVariable(s) if s.assignments.is_empty() => ctx.emit(
            codes::NO_ASSIGNMENTS,
            Some(i),
            None,
            format!("{} assigns nothing.", ctx.who(i)),
            "Add an assignment, or remove the component.",
            ctx.path(i, ".config.assignments"),
        ),
        ComponentConfig::RouteToExternalDestination(r) => {
            required(ctx, i, &r.external_destination, ".config.external_destination", "external destination");
        }
        ComponentConfig::CreateExternalNumber(c) => {
            let prefix = c.prefix_number.trim();
            let digits = prefix.strip_prefix('+').unwrap_or(prefix);
            if digits.is_empty() || !digits.chars().all(|ch| ch.is_ascii_digit()) {
                ctx.emit(
                    codes::BAD_PREFIX,
                    Some(i),
                    None,
                    if prefix.is_empty() {
                        format!("{}: `prefix_number` is required.", ctx.who(i))
                    } else {
                        format!("{}: `prefix_number` `{prefix}` is not a string of digits.", ctx.who(i))
                    },
                    "Enter the digits put in front of the number, e.g. `420` (no `+` needed).",
                    ctx.path(i, ".config.prefix_number"),
                );
            }
            match (&c.service_number_digits, &c.service_number_prefix_match) {
                (None, None) => ctx.emit(
                    codes::NO_NUMBER_RULE,
                    Some(i),
                    None,
                    format!(
                        "{} sets neither `service_number_digits` nor `service_number_prefix_match`; the downstream route will exit `Failed` with the raw service number.",
                        ctx.who(i)
                    ),
                    "Set how many trailing digits of the service number to keep, or a prefix to replace.",
                    ctx.path(i, ".config"),
                ),
                (Some(_), Some(_)) => ctx.emit(
                    codes::PREFIX_MATCH_IGNORED,
                    Some(i),
                    None,
                    format!(
                        "{} sets both `service_number_digits` and `service_number_prefix_match`; the digits win and the prefix match is ignored.",
                        ctx.who(i)
                    ),
                    "Remove one of the two.",
                    ctx.path(i, ".config.service_number_prefix_match"),
                ),
                _ => {}
            }
        }
        ComponentConfig::AgentConnect(a) => {
            required(ctx, i, &a.agent_group, ".config.agent_group", "agent group");
            zero(ctx, i, a.ring_timeout_sec, ".config.ring_timeout_sec", "ring timeout");
        }
        ComponentConfig::MakeCall(m) => {
            if m.numbers.is_empty() || m.numbers.len() > 10 {
                ctx.emit(
                    codes::DIALER_NUMBERS,
                    Some(i),
                    None,
                    format!(
                        "{} dials {} numbers; Make call dials 1 to 10 (tel1..tel10).",
                        ctx.who(i),
                        m.numbers.len()
                    ),
                    "List 1 to 10 numbers or variables holding them.",
                    ctx.path(i, ".config.numbers"),
                );
            }
            zero(ctx, i, m.ring_timeout_sec, ".config.ring_timeout_sec", "ring timeout");
        }
        ComponentConfig::ForwardExternal(f) => {
            zero(ctx, i, f.ring_timeout_sec, ".config.ring_timeout_sec", "ring timeout");
        }
        ComponentConfig::RegisterCallback(r) => required(ctx, i, &r.queue, ".config.queue", "queue"),
        ComponentConfig::Voicemail(v) => {
            let (owner, at) = match &v.assign_to {
                callflow_model::config::VoicemailOwner::RingGroup { ring_group } => {
                    (ring_group, ".config.assign_to.ring_group")
                }
                callflow_model::config::VoicemailOwner::Agent { agent } => (agent, ".config.assign_to.agent"),
            };
            required(ctx, i, owner, at, "voicemail owner");
            zero(ctx, i, v.max_duration_sec, ".config.max_duration_sec", "maximum duration");
        }
        _ => {}
    }
}

fn assignment(ctx: &Ctx<'_>, i: usize, a: &AssignmentDialConfig, at: &str) {
    if !(1..=10).contains(&a.agents_to_ring) {
        ctx.emit(
            codes::AGENTS_TO_RING_RANGE,
            Some(i),
            None,
            format!("{}: `agents_to_ring` is {}; it must be 1 to 10.", ctx.who(i), a.agents_to_ring),
            "Ring 1 to 10 agents at once.",
            ctx.path(i, &format!("{at}.agents_to_ring")),
        );
    }
    priority(ctx, i, a.priority, &format!("{at}.priority"));
    if a.sort_by == SortBy::MostProficient && !matches!(a.selection, AgentSelection::Attributes { .. }) {
        ctx.emit(
            codes::MOST_PROFICIENT_NEEDS_ATTRIBUTES,
            Some(i),
            None,
            format!("{} sorts by `most_proficient` but selects agents without attributes.", ctx.who(i)),
            "Select agents by attributes, or sort by idle time.",
            ctx.path(i, &format!("{at}.sort_by")),
        );
    }
    let (empty, what, field) = match &a.selection {
        AgentSelection::RingGroups { ring_groups } => {
            for (n, g) in ring_groups.iter().enumerate() {
                required(ctx, i, g, &format!("{at}.selection.ring_groups[{n}]"), "ring group");
            }
            (ring_groups.is_empty(), "ring groups", "ring_groups")
        }
        AgentSelection::Agents { agents } => {
            for (n, agent) in agents.iter().enumerate() {
                email(ctx, i, agent, &format!("{at}.selection.agents[{n}]"));
            }
            (agents.is_empty(), "agents", "agents")
        }
        AgentSelection::AgentsVariable { .. } => (false, "", ""),
        AgentSelection::Attributes { attributes, .. } => {
            for (n, attr) in attributes.iter().enumerate() {
                required(
                    ctx,
                    i,
                    &attr.name,
                    &format!("{at}.selection.attributes[{n}].name"),
                    "attribute name",
                );
            }
            (attributes.is_empty(), "attributes", "attributes")
        }
    };
    if empty {
        ctx.emit(
            codes::REQUIRED_SETTING_EMPTY,
            Some(i),
            None,
            format!("{} selects agents by {what}, but lists none.", ctx.who(i)),
            format!("Add at least one entry to `{field}`."),
            ctx.path(i, &format!("{at}.selection.{field}")),
        );
    }
    zero(ctx, i, a.ring_timeout_sec, &format!("{at}.ring_timeout_sec"), "ring timeout");
    zero(ctx, i, a.max_waiting_time_sec, &format!("{at}.max_waiting_time_sec"), "maximum waiting time");
}

fn priority(ctx: &Ctx<'_>, i: usize, priority: u32, at: &str) {
    if !(1..=10).contains(&priority) {
        ctx.emit(
            codes::PRIORITY_RANGE,
            Some(i),
            None,
            format!("{}: priority is {priority}; it must be 1 (highest) to 10.", ctx.who(i)),
            "Set a priority from 1 to 10 (the default is 5).",
            ctx.path(i, at),
        );
    }
}

fn required(ctx: &Ctx<'_>, i: usize, value: &str, at: &str, what: &str) {
    if value.trim().is_empty() {
        ctx.emit(
            codes::REQUIRED_SETTING_EMPTY,
            Some(i),
            None,
            format!("{}: the {what} is empty.", ctx.who(i)),
            format!("Choose the {what}."),
            ctx.path(i, at),
        );
    }
}

fn zero(ctx: &Ctx<'_>, i: usize, value: u32, at: &str, what: &str) {
    if value == 0 {
        ctx.emit(
            codes::ZERO_DURATION,
            Some(i),
            None,
            format!("{}: the {what} is 0 seconds.", ctx.who(i)),
            format!("Set the {what} to at least 1 second."),
            ctx.path(i, at),
        );
    }
}

/// A plausible email address: `local@domain.tld`, no spaces.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
}

fn email(ctx: &Ctx<'_>, i: usize, value: &str, at: &str) {
    if !is_email(value.trim()) {
        ctx.emit(
            codes::NOT_AN_EMAIL,
            Some(i),
            None,
            format!("{}: agent `{value}` is not an email address.", ctx.who(i)),
            "Identify agents by their email, e.g. `ana@example.com`.",
            ctx.path(i, at),
        );
    }
}
