//! Kind-specific settings that parse but make no sense: ranges (§5.5 agents to ring 1-10,
//! priority 1-10), `most_proficient` without attributes, agents that are not emails, empty
//! required values, digit limits and validation patterns, menu options, conditional branches,
//! `create_external_number` rules (§5.7), dialer numbers, zero timeouts.

use callflow_model::ComponentConfig;
use callflow_model::config::{AgentSelection, AssignmentDialConfig, SortBy};

use crate::message::{Template, words};
use crate::{Ctx, codes};

crate::message::templates! { "settings";
    DIGIT_LIMITS = "{who}: digit limits are min {min} and max {max}; they need 1 <= min <= max.";
    SET_MIN_DIGITS = "Set `min_digits` to at least 1 and no more than `max_digits`.";
    BAD_PATTERN = "{who}: the validation pattern `{pattern}` is not a valid regular expression: {error}";
    FIX_PATTERN = "Fix the pattern, e.g. `^\\+?[0-9]{8,15}$`.";
    NO_OPTIONS = "{who} has no options.";
    ADD_OPTION = "Add at least one option (a key and a label).";
    REPEATED_KEY = "{who}: key {key} is used by more than one option.";
    GIVE_EACH_KEY_ITS_OWN = "Give each option its own key.";
    BRANCH_COUNT = "{who} has {count} branches; a conditional has 1 to {max}.";
    ADD_OR_SPLIT_BRANCHES = "Add a branch, or split the decision over two conditionals.";
    BRANCH_NAME_EMPTY = "{who}: branch {number} has an empty name.";
    BRANCH_NAMED_AS_EXIT = "{who}: branch {number} is named `{name}`, which is the conditional's own exit.";
    BRANCH_NAME_REPEATED = "{who}: branch {number} `{name}` is named twice.";
    GIVE_EACH_BRANCH_ITS_OWN_NAME = "Give each branch its own non-empty name (the name is the branch's exit).";
    NO_ASSIGNMENTS = "{who} assigns nothing.";
    ADD_ASSIGNMENT_OR_REMOVE = "Add an assignment, or remove the component.";
    PREFIX_REQUIRED = "{who}: `prefix_number` is required.";
    PREFIX_NOT_DIGITS = "{who}: `prefix_number` `{prefix}` is not a string of digits.";
    ENTER_PREFIX_DIGITS = "Enter the digits put in front of the number, e.g. `420` (no `+` needed).";
    NO_NUMBER_RULE = "{who} sets neither `service_number_digits` nor `service_number_prefix_match`; \
        the downstream route will exit `Failed` with the raw service number.";
    SET_DIGITS_OR_PREFIX = "Set how many trailing digits of the service number to keep, or a prefix to replace.";
    PREFIX_MATCH_IGNORED = "{who} sets both `service_number_digits` and `service_number_prefix_match`; \
        the digits win and the prefix match is ignored.";
    REMOVE_ONE = "Remove one of the two.";
    NUMBER_COUNT = "{who} dials {count} numbers; Make call dials 1 to 10 (tel1..tel10).";
    LIST_1_TO_10_NUMBERS = "List 1 to 10 numbers or variables holding them.";
    AGENTS_TO_RING = "{who}: `agents_to_ring` is {count}; it must be 1 to 10.";
    RING_1_TO_10_AGENTS = "Ring 1 to 10 agents at once.";
    MOST_PROFICIENT_WITHOUT_ATTRIBUTES = "{who} sorts by `most_proficient` but selects agents without attributes.";
    SELECT_BY_ATTRIBUTES_OR_SORT_BY_IDLE = "Select agents by attributes, or sort by idle time.";
    SELECTION_EMPTY = "{who} selects agents by {what}, but lists none.";
    ADD_ENTRY = "Add at least one entry to `{field}`.";
    BY_RING_GROUPS = "ring groups";
    BY_AGENTS = "agents";
    BY_ATTRIBUTES = "attributes";
    PRIORITY = "{who}: priority is {priority}; it must be 1 (highest) to 10.";
    SET_PRIORITY = "Set a priority from 1 to 10 (the default is 5).";
    REQUIRED_EMPTY = "{who}: the {what} is empty.";
    CHOOSE_REQUIRED = "Choose the {what}.";
    QUEUE = "queue";
    EXTERNAL_DESTINATION = "external destination";
    AGENT_GROUP = "agent group";
    RING_GROUP = "ring group";
    ATTRIBUTE_NAME = "attribute name";
    VOICEMAIL_OWNER = "voicemail owner";
    ZERO_DURATION = "{who}: the {what} is 0 seconds.";
    SET_AT_LEAST_1_SECOND = "Set the {what} to at least 1 second.";
    MAXIMUM_WAITING_TIME = "maximum waiting time";
    RING_TIMEOUT = "ring timeout";
    FIRST_DIGIT_TIMEOUT = "first-digit timeout";
    INPUT_TIMEOUT = "input timeout";
    MAXIMUM_DURATION = "maximum duration";
    NOT_AN_EMAIL = "{who}: agent `{agent}` is not an email address.";
    IDENTIFY_AGENTS_BY_EMAIL = "Identify agents by their email, e.g. `ana@example.com`.";
}

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
            required(ctx, i, &q.queue, ".config.queue", QUEUE);
            priority(ctx, i, q.priority, ".config.priority");
            zero(ctx, i, q.max_waiting_time_sec, ".config.max_waiting_time_sec", MAXIMUM_WAITING_TIME);
        }
        ComponentConfig::DialAgent(d) => {
            if let Some(agent) = d.agent.literal() {
                email(ctx, i, agent, ".config.agent.literal");
            }
            zero(ctx, i, d.ring_timeout_sec, ".config.ring_timeout_sec", RING_TIMEOUT);
        }
        ComponentConfig::CollectDigits(c) => {
            if c.min_digits < 1 || c.min_digits > c.max_digits {
                ctx.report(
                    codes::DIGITS_RANGE,
                    Some(i),
                    None,
                    words!(DIGIT_LIMITS, SET_MIN_DIGITS; who = ctx.subject(i), min = c.min_digits, max = c.max_digits),
                    ctx.path(i, ".config.min_digits"),
                );
            }
            zero(ctx, i, c.first_digit_timeout_sec, ".config.first_digit_timeout_sec", FIRST_DIGIT_TIMEOUT);
            if let Some(pattern) = &c.validation
                && let Err(err) = regex::RegexBuilder::new(pattern).size_limit(1 << 20).build()
            {
                let detail = err.to_string().lines().last().unwrap_or_default().trim().to_string();
                ctx.report(
                    codes::BAD_REGEX,
                    Some(i),
                    None,
                    words!(BAD_PATTERN, FIX_PATTERN; who = ctx.subject(i), pattern = pattern, error = detail),
                    ctx.path(i, ".config.validation"),
                );
            }
        }
        ComponentConfig::Menu(m) => {
            if m.options.is_empty() {
                ctx.report(
                    codes::MENU_OPTIONS,
                    Some(i),
                    None,
                    words!(NO_OPTIONS, ADD_OPTION; who = ctx.subject(i)),
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
                    ctx.report(
                        codes::MENU_OPTIONS,
                        Some(i),
                        None,
                        words!(REPEATED_KEY, GIVE_EACH_KEY_ITS_OWN; who = ctx.subject(i), key = o.key.to_string()),
                        ctx.path(i, &format!(".config.options[{n}].key")),
                    );
                }
            }
            zero(ctx, i, m.timeout_sec, ".config.timeout_sec", INPUT_TIMEOUT);
        }
        ComponentConfig::Conditional(c) => {
            if c.branches.is_empty() || c.branches.len() > MAX_BRANCHES {
                ctx.report(
                    codes::BRANCHES,
                    Some(i),
                    None,
                    words!(BRANCH_COUNT, ADD_OR_SPLIT_BRANCHES;
                        who = ctx.subject(i),
                        count = c.branches.len(),
                        max = MAX_BRANCHES
                    ),
                    ctx.path(i, ".config.branches"),
                );
            }
            let static_exits = ctx.kind(i).spec().exits;
            for (n, b) in c.branches.iter().enumerate() {
                let words = if b.name.trim().is_empty() {
                    words!(BRANCH_NAME_EMPTY, GIVE_EACH_BRANCH_ITS_OWN_NAME; who = ctx.subject(i), number = n + 1)
                } else if static_exits.iter().any(|e| e.name == b.name) {
                    words!(BRANCH_NAMED_AS_EXIT, GIVE_EACH_BRANCH_ITS_OWN_NAME;
                        who = ctx.subject(i),
                        number = n + 1,
                        name = &b.name
                    )
                } else if c.branches[..n].iter().any(|earlier| earlier.name == b.name) {
                    words!(BRANCH_NAME_REPEATED, GIVE_EACH_BRANCH_ITS_OWN_NAME;
                        who = ctx.subject(i),
                        number = n + 1,
                        name = &b.name
                    )
                } else {
                    continue;
                };
                ctx.report(
                    codes::BRANCHES,
                    Some(i),
                    None,
                    words,
                    ctx.path(i, &format!(".config.branches[{n}].name")),
                );
            }
        }
        ComponentConfig::SetVariable(s) if s.assignments.is_empty() => ctx.report(
            codes::NO_ASSIGNMENTS,
            Some(i),
            None,
            words!(NO_ASSIGNMENTS, ADD_ASSIGNMENT_OR_REMOVE; who = ctx.subject(i)),
            ctx.path(i, ".config.assignments"),
        ),
        ComponentConfig::RouteToExternalDestination(r) => {
            required(ctx, i, &r.external_destination, ".config.external_destination", EXTERNAL_DESTINATION);
        }
        ComponentConfig::CreateExternalNumber(c) => {
            let prefix = c.prefix_number.trim();
            let digits = prefix.strip_prefix('+').unwrap_or(prefix);
            if digits.is_empty() || !digits.chars().all(|ch| ch.is_ascii_digit()) {
                ctx.report(
                    codes::BAD_PREFIX,
                    Some(i),
                    None,
                    if prefix.is_empty() {
                        words!(PREFIX_REQUIRED, ENTER_PREFIX_DIGITS; who = ctx.subject(i))
                    } else {
                        words!(PREFIX_NOT_DIGITS, ENTER_PREFIX_DIGITS; who = ctx.subject(i), prefix = prefix)
                    },
                    ctx.path(i, ".config.prefix_number"),
                );
            }
            match (&c.service_number_digits, &c.service_number_prefix_match) {
                (None, None) => ctx.report(
                    codes::NO_NUMBER_RULE,
                    Some(i),
                    None,
                    words!(NO_NUMBER_RULE, SET_DIGITS_OR_PREFIX; who = ctx.subject(i)),
                    ctx.path(i, ".config"),
                ),
                (Some(_), Some(_)) => ctx.report(
                    codes::PREFIX_MATCH_IGNORED,
                    Some(i),
                    None,
                    words!(PREFIX_MATCH_IGNORED, REMOVE_ONE; who = ctx.subject(i)),
                    ctx.path(i, ".config.service_number_prefix_match"),
                ),
                _ => {}
            }
        }
        ComponentConfig::AgentConnect(a) => {
            required(ctx, i, &a.agent_group, ".config.agent_group", AGENT_GROUP);
            zero(ctx, i, a.ring_timeout_sec, ".config.ring_timeout_sec", RING_TIMEOUT);
        }
        ComponentConfig::MakeCall(m) => {
            if m.numbers.is_empty() || m.numbers.len() > 10 {
                ctx.report(
                    codes::DIALER_NUMBERS,
                    Some(i),
                    None,
                    words!(NUMBER_COUNT, LIST_1_TO_10_NUMBERS; who = ctx.subject(i), count = m.numbers.len()),
                    ctx.path(i, ".config.numbers"),
                );
            }
            zero(ctx, i, m.ring_timeout_sec, ".config.ring_timeout_sec", RING_TIMEOUT);
        }
        ComponentConfig::ForwardExternal(f) => {
            zero(ctx, i, f.ring_timeout_sec, ".config.ring_timeout_sec", RING_TIMEOUT);
        }
        ComponentConfig::RegisterCallback(r) => required(ctx, i, &r.queue, ".config.queue", QUEUE),
        ComponentConfig::Voicemail(v) => {
            let (owner, at) = match &v.assign_to {
                callflow_model::config::VoicemailOwner::RingGroup { ring_group } => {
                    (ring_group, ".config.assign_to.ring_group")
                }
                callflow_model::config::VoicemailOwner::Agent { agent } => (agent, ".config.assign_to.agent"),
            };
            required(ctx, i, owner, at, VOICEMAIL_OWNER);
            zero(ctx, i, v.max_duration_sec, ".config.max_duration_sec", MAXIMUM_DURATION);
        }
        _ => {}
    }
}

fn assignment(ctx: &Ctx<'_>, i: usize, a: &AssignmentDialConfig, at: &str) {
    if !(1..=10).contains(&a.agents_to_ring) {
        ctx.report(
            codes::AGENTS_TO_RING_RANGE,
            Some(i),
            None,
            words!(AGENTS_TO_RING, RING_1_TO_10_AGENTS; who = ctx.subject(i), count = a.agents_to_ring),
            ctx.path(i, &format!("{at}.agents_to_ring")),
        );
    }
    priority(ctx, i, a.priority, &format!("{at}.priority"));
    if a.sort_by == SortBy::MostProficient && !matches!(a.selection, AgentSelection::Attributes { .. }) {
        ctx.report(
            codes::MOST_PROFICIENT_NEEDS_ATTRIBUTES,
            Some(i),
            None,
            words!(MOST_PROFICIENT_WITHOUT_ATTRIBUTES, SELECT_BY_ATTRIBUTES_OR_SORT_BY_IDLE; who = ctx.subject(i)),
            ctx.path(i, &format!("{at}.sort_by")),
        );
    }
    // The selection's list and field when the list is empty.
    let empty: Option<(&'static Template, &str)> = match &a.selection {
        AgentSelection::RingGroups { ring_groups } => {
            for (n, g) in ring_groups.iter().enumerate() {
                required(ctx, i, g, &format!("{at}.selection.ring_groups[{n}]"), RING_GROUP);
            }
            ring_groups.is_empty().then_some((BY_RING_GROUPS, "ring_groups"))
        }
        AgentSelection::Agents { agents } => {
            for (n, agent) in agents.iter().enumerate() {
                email(ctx, i, agent, &format!("{at}.selection.agents[{n}]"));
            }
            agents.is_empty().then_some((BY_AGENTS, "agents"))
        }
        AgentSelection::AgentsVariable { .. } => None,
        AgentSelection::Attributes { attributes, .. } => {
            for (n, attr) in attributes.iter().enumerate() {
                required(ctx, i, &attr.name, &format!("{at}.selection.attributes[{n}].name"), ATTRIBUTE_NAME);
            }
            attributes.is_empty().then_some((BY_ATTRIBUTES, "attributes"))
        }
    };
    if let Some((what, field)) = empty {
        ctx.report(
            codes::REQUIRED_SETTING_EMPTY,
            Some(i),
            None,
            words!(SELECTION_EMPTY, ADD_ENTRY; who = ctx.subject(i), what = what, field = field),
            ctx.path(i, &format!("{at}.selection.{field}")),
        );
    }
    zero(ctx, i, a.ring_timeout_sec, &format!("{at}.ring_timeout_sec"), RING_TIMEOUT);
    zero(ctx, i, a.max_waiting_time_sec, &format!("{at}.max_waiting_time_sec"), MAXIMUM_WAITING_TIME);
}

fn priority(ctx: &Ctx<'_>, i: usize, priority: u32, at: &str) {
    if !(1..=10).contains(&priority) {
        ctx.report(
            codes::PRIORITY_RANGE,
            Some(i),
            None,
            words!(PRIORITY, SET_PRIORITY; who = ctx.subject(i), priority = priority),
            ctx.path(i, at),
        );
    }
}

/// Reports `what` (a phrase naming the setting) when `value` is blank.
fn required(ctx: &Ctx<'_>, i: usize, value: &str, at: &str, what: &'static Template) {
    if value.trim().is_empty() {
        ctx.report(
            codes::REQUIRED_SETTING_EMPTY,
            Some(i),
            None,
            words!(REQUIRED_EMPTY, CHOOSE_REQUIRED; who = ctx.subject(i), what = what),
            ctx.path(i, at),
        );
    }
}

/// Reports `what` (a phrase naming the duration) when `value` is 0 seconds.
fn zero(ctx: &Ctx<'_>, i: usize, value: u32, at: &str, what: &'static Template) {
    if value == 0 {
        ctx.report(
            codes::ZERO_DURATION,
            Some(i),
            None,
            words!(ZERO_DURATION, SET_AT_LEAST_1_SECOND; who = ctx.subject(i), what = what),
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
        ctx.report(
            codes::NOT_AN_EMAIL,
            Some(i),
            None,
            words!(NOT_AN_EMAIL, IDENTIFY_AGENTS_BY_EMAIL; who = ctx.subject(i), agent = value),
            ctx.path(i, at),
        );
    }
}
