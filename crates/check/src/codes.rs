//! The table of diagnostic codes: the one place a code, its severity, title and explanation are
//! defined. `docs/diagnostics.md` lists exactly these codes (a unit test keeps the two in sync).
//!
//! Scheme: `CF` + two-digit area + two-digit number. Codes are stable: a retired code is never
//! reused for another meaning.
//!
//! | area | what |
//! |---|---|
//! | `CF01xx` | structure: entry, kinds, exits, targets, reachability, loops, size |
//! | `CF02xx` | component settings (config) |
//! | `CF03xx` | alternative keys and error handling |
//! | `CF04xx` | post-call (`call_finished`) restrictions and the 48 h interaction limit |
//! | `CF05xx` | CxEngage callback notation placement (CB1-CB4) |
//! | `CF06xx` | variables and expressions |
//! | `CF07xx` | phone numbers |
//! | `CF08xx` | business-hours schedules |
//! | `CF09xx` | modules and reusable queue flows |
//! | `CF10xx` | outbound dialer |

use crate::Severity;
use Severity::{Error, Info, Warning};

/// One row of the code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub explanation: &'static str,
}

macro_rules! codes {
    ($( $name:ident = $code:literal, $sev:ident, $title:literal, $expl:literal; )*) => {
        $( #[doc = $title] pub const $name: &CodeInfo = &CodeInfo {
            code: $code, severity: $sev, title: $title, explanation: $expl }; )*
        /// Every code, in table order.
        pub const ALL: &[&CodeInfo] = &[ $( $name, )* ];
    };
}

codes! {
    // Structure
    NO_ENTRY = "CF0101", Error, "No entry component",
        "A flow needs exactly one entry component: `start` (inbound, dialer) or `begin_module` (module, reusable queue flow).";
    SEVERAL_ENTRIES = "CF0102", Error, "More than one entry component",
        "Only one component may start the flow (DOMAIN §5.1).";
    BAD_FLOW_ENTRY = "CF0103", Error, "`flow.entry` does not name the entry component",
        "`flow.entry` must be the id of the flow's `start` / `begin_module` component.";
    KIND_NOT_ALLOWED = "CF0104", Error, "Kind not allowed in this flow type",
        "Some kinds exist only in some flow types (e.g. dialer widgets only in outbound dialer flows, `return_to_flow` only in modules).";
    DANGLING_TARGET = "CF0105", Error, "Target component does not exist",
        "An exit, alternative key or custom error exit sends the call to a component id that is not in the flow.";
    MANDATORY_EXIT_UNCONNECTED = "CF0106", Error, "Mandatory exit not connected",
        "Every mandatory exit must be connected before the flow can be published (G2).";
    OPTIONAL_EXIT_UNCONNECTED = "CF0107", Warning, "Optional exit not connected: the call hangs up here",
        "If the flow takes an unconnected optional exit, the flow ends and the call is hung up (G3). Exits with a catalog fallback (e.g. `holiday` -> `closed`) and post-call exits are not reported.";
    UNKNOWN_EXIT = "CF0108", Error, "Unknown exit",
        "The document connects an exit the component does not have (a typo, a removed menu option or branch, an old module exit).";
    SYSTEM_EXIT_CONNECTED = "CF0109", Error, "System exit connected",
        "System exits such as `queue_size_limit_reached` are taken by the platform and always hang up; they cannot be connected.";
    UNREACHABLE = "CF0110", Warning, "Unreachable component",
        "No path from the entry or an event handler leads to this component; it never runs.";
    DUPLICATE_NAME = "CF0111", Warning, "Duplicate component name",
        "Names identify components in reports and traces; two components with one name make them ambiguous.";
    ENDLESS_LOOP = "CF0112", Error, "Loop that can cycle forever",
        "A cycle with no component that waits for or listens to the caller (a voice kind or a module), and no counter (a `set_variable` in the cycle writing a variable that a `conditional` in the cycle tests on a branch leaving the cycle), never ends once entered.";
    TOO_MANY_COMPONENTS = "CF0113", Warning, "Flow over 1,000 components",
        "Very large flows are hard to read and slow to draw; split them into modules.";
    DUPLICATE_JSON_KEY = "CF0114", Error, "Duplicate key in the file",
        "A JSON object in the file names the same key twice; the reader keeps only the last one, so a binding or exit silently disappears.";

    // Settings
    BAD_CONFIG = "CF0201", Error, "Invalid settings",
        "The component's `config` does not fit its kind: a missing field, a wrong type or an unknown field.";
    REQUIRED_SETTING_EMPTY = "CF0202", Error, "Required setting empty",
        "A setting the component cannot work without (a queue, a ring group, an external destination, ...) is empty.";
    AGENTS_TO_RING_RANGE = "CF0203", Error, "Agents to ring out of range",
        "`agents_to_ring` must be 1 to 10 (Talkdesk rings at most 10 agents at once).";
    PRIORITY_RANGE = "CF0204", Error, "Priority out of range",
        "`priority` must be 1 (highest) to 10.";
    MOST_PROFICIENT_NEEDS_ATTRIBUTES = "CF0205", Error, "`most_proficient` needs attribute selection",
        "Sorting by proficiency uses the first attribute; it needs the `attributes` assignment type.";
    NOT_AN_EMAIL = "CF0206", Error, "Agent is not an email address",
        "Agents are identified by email (Talkdesk).";
    DIGITS_RANGE = "CF0207", Error, "Digit limits invalid",
        "`collect_digits` needs 1 <= `min_digits` <= `max_digits`.";
    BAD_REGEX = "CF0208", Error, "Invalid validation pattern",
        "`collect_digits.validation` must be a valid regular expression.";
    MENU_OPTIONS = "CF0209", Error, "Menu options invalid",
        "A menu needs at least one option and each key at most once.";
    BRANCHES = "CF0210", Error, "Conditional branches invalid",
        "A conditional needs 1 to 10 branches with unique, non-empty names other than `no_match`.";
    NO_ASSIGNMENTS = "CF0211", Error, "Set variable without assignments",
        "`set_variable` needs at least one assignment.";
    NO_NUMBER_RULE = "CF0212", Warning, "Create external number without a rule",
        "With neither `service_number_digits` nor `service_number_prefix_match` set, the downstream route exits `Failed` with the raw service number.";
    PREFIX_MATCH_IGNORED = "CF0213", Warning, "Prefix match ignored",
        "When both `service_number_digits` and `service_number_prefix_match` are set, the digits win and the prefix match is ignored.";
    BAD_PREFIX = "CF0214", Error, "Prefix number invalid",
        "`prefix_number` is required and must be digits (a leading `+` is allowed).";
    DIALER_NUMBERS = "CF0215", Error, "Make call numbers invalid",
        "`make_call` dials 1 to 10 numbers (`tel1`..`tel10`).";
    ZERO_DURATION = "CF0216", Error, "Zero timeout",
        "A ring timeout, waiting time, or input timeout of 0 seconds means the step can never succeed.";

    // Keys and error handling
    KEYS_NOT_SUPPORTED = "CF0301", Error, "Alternative keys not supported",
        "Only kinds marked \"alt keys\" in the catalog (Assignment and dial) accept alternative keys (G6).";
    TOO_MANY_KEYS = "CF0302", Error, "More than 12 alternative keys",
        "A keypad has 12 keys (`0-9 * #`); each may be bound at most once (G6).";
    ERROR_HANDLING_NOT_SUPPORTED = "CF0303", Error, "Error handling not supported",
        "Initial, terminal and event-handler steps and CxEngage notations have no error-handling section (G5).";
    FOLLOW_EXIT_UNKNOWN = "CF0304", Error, "Error handling follows an unknown exit",
        "`follow_exit` must name one of the component's own connectable exits.";
    FOLLOW_EXIT_UNCONNECTED = "CF0305", Warning, "Error handling follows an unconnected exit",
        "On an error the flow takes this exit, which is not connected, so the call hangs up.";

    // Post-call
    FORBIDDEN_AFTER_CALL = "CF0401", Error, "Forbidden component after the call",
        "After `call_finished` the flow may not route the caller again: voicemail, assignment and dial, forward to external, callback, dial agent, route to external destination, request direct callback and queue with flow may not appear anywhere on the post-call path (PC2/PC3).";
    FORBIDDEN_IN_POST_CALL_MODULE = "CF0402", Error, "Module run after the call contains a forbidden component",
        "A module run on a post-call path may not contain a forbidden kind at any depth (PC2, checked transitively).";
    INTERACTION_OVER_48H = "CF0403", Error, "Callback chain waits over 48 hours",
        "The summed `max_waiting_time_sec` of chained `request_direct_callback` steps in one interaction must not exceed 48 h (PC3, G8).";
    POST_CALL_MODULE_UNKNOWN = "CF0404", Info, "Module after the call not checked",
        "The module run on a post-call path could not be found, so its contents were not checked for forbidden kinds.";

    // Callbacks
    DECLINE_WITHOUT_START = "CF0501", Error, "Decline callback without Start callback",
        "On some path to this `decline_callback` there is no earlier `start_callback` (CB1).";
    DECLINE_AFTER_REGISTER = "CF0502", Error, "Decline callback after Register callback",
        "On some path the callback was already registered; only a new `start_callback` may be declined (CB1, CB3).";
    REGISTER_WITHOUT_START = "CF0503", Error, "Register callback without Start callback",
        "On some path to this `register_callback` there is no un-declined `start_callback` earlier (CB2).";
    UNVALIDATED_CALLBACK_NUMBER = "CF0504", Warning, "Callback number not validated",
        "The callback number comes from caller input that is not validated on every path (no `conditional` testing it, no `collect_digits` validation pattern) (CB4).";

    // Variables and expressions
    EXPRESSION_SYNTAX = "CF0601", Error, "Invalid expression",
        "The CEL expression does not parse.";
    UNDECLARED_IN_EXPRESSION = "CF0602", Error, "Undeclared variable in an expression",
        "Expressions may use declared flow variables and the system variables `call.*` (and `syskey.*` in outbound dialer flows).";
    BAD_ASSIGNMENT_TARGET = "CF0603", Error, "Assignment to an undeclared or read-only variable",
        "`set_variable` writes declared flow variables or the writable system variables `syskey.reschedule_agent_call` / `syskey.reschedule_customer_call` (outbound dialer flows).";
    UNDECLARED_IN_SETTING = "CF0604", Error, "Undeclared variable in a setting",
        "Output variables and variables named in settings must be declared in the flow.";
    BAD_VARIABLE_NAME = "CF0605", Error, "Invalid variable name",
        "Variable names are letters, digits and `_`, not starting with a digit, and not a reserved word or the system roots `call` / `syskey`.";
    DUPLICATE_VARIABLE = "CF0606", Error, "Variable declared twice",
        "Each variable name may be declared once.";
    BAD_DEFAULT = "CF0607", Error, "Default value does not fit the type",
        "A variable's default must be a value of its declared type (or null).";
    VARIABLE_TYPE = "CF0608", Warning, "Variable of an unexpected type",
        "The variable is declared with a type the setting does not expect (e.g. digits into a number, a datetime setting from a string).";

    // Phone numbers
    NOT_E164 = "CF0701", Error, "Phone number not in E.164",
        "Literal phone numbers are written in E.164: `+`, country code and number, digits only, at most 15 digits.";
    PHONE_NOT_VALID = "CF0702", Warning, "Phone number not valid for its country",
        "The number is E.164-shaped but not a valid number of its country's numbering plan (libphonenumber metadata).";

    // Schedules
    UNKNOWN_TIME_ZONE = "CF0801", Error, "Unknown time zone",
        "The schedule's time zone must be an IANA time zone name such as `Europe/Prague`.";
    BAD_TIME = "CF0802", Error, "Malformed time",
        "Opening times are `HH:MM` (00:00 to 24:00).";
    EMPTY_RANGE = "CF0803", Error, "Opening range ends before it starts",
        "`from` must be earlier than `to`.";
    OVERLAPPING_RANGES = "CF0804", Error, "Overlapping opening ranges",
        "Opening ranges on one day may not overlap.";
    BAD_HOLIDAY = "CF0805", Error, "Malformed holiday date",
        "Holidays are dates written `YYYY-MM-DD`.";
    NEVER_OPEN = "CF0806", Warning, "Schedule never open",
        "The schedule has no opening ranges, so the `open` exit is never taken.";
    DUPLICATE_HOLIDAY = "CF0807", Warning, "Holiday listed twice",
        "A holiday date appears more than once.";

    // Modules
    MODULE_REF_MISSING = "CF0901", Error, "No module or queue flow chosen",
        "`run_module.module` and `queue_with_flow.queue_flow` must name a flow.";
    MODULE_EXIT_UNCONNECTED = "CF0902", Warning, "Unconnected exit in a module behaves as End flow",
        "In modules and reusable queue flows an optional exit linked to no module exit ends the whole flow (G7, §5.11).";
    MODULE_EXITS_CHANGED = "CF0903", Error, "Module exits changed",
        "The module's `return_to_flow` exits differ from the exits this `run_module` knows; a new exit effect is a breaking change (§5.11). Relink the module.";
    UNKNOWN_FLOW = "CF0904", Warning, "Unknown module or queue flow",
        "The referenced flow is not among the flows known to this check.";
    WRONG_FLOW_TYPE = "CF0905", Error, "Referenced flow has the wrong type",
        "`run_module` runs flows of type `module`; `queue_with_flow` runs flows of type `reusable_queue_flow`.";
    EMPTY_MODULE_EXIT = "CF0906", Error, "Return to flow without an exit name",
        "`return_to_flow.exit` names the module exit the parent continues through.";
    RECURSIVE_MODULE = "CF0907", Error, "Module runs itself",
        "A flow may not run itself as a module, directly or through other modules.";

    // Outbound dialer
    CONTINUE_WITHOUT_OUTCOME = "CF1001", Warning, "`continue` widget path never decides the record",
        "With `on_not_connected: continue`, Line 1 is also the failure path; if it never sets `syskey.reschedule_*` and never ends in a hang-up, a failed leg completes the record (§5.10).";
    DIALER_ATTEMPTS = "CF1002", Error, "Dialer attempts below 1",
        "`agent_attempts` and `customer_attempts` must be at least 1 (§5.10).";
}

/// The row for `code`, if there is one.
pub fn info(code: &str) -> Option<&'static CodeInfo> {
    ALL.iter().copied().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = BTreeSet::new();
        for c in ALL {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(c.code.len() == 6 && c.code.starts_with("CF"), "bad code {}", c.code);
            assert!(c.code[2..].chars().all(|ch| ch.is_ascii_digit()), "bad code {}", c.code);
            assert!(!c.title.is_empty() && !c.explanation.is_empty());
        }
    }

    /// `docs/diagnostics.md` lists exactly the codes of the table, with the same severity.
    #[test]
    fn docs_list_exactly_the_codes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/diagnostics.md");
        let text = std::fs::read_to_string(path).expect("docs/diagnostics.md exists");
        let mut documented = BTreeSet::new();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() > 3 && cells[1].starts_with("`CF") {
                let code = cells[1].trim_matches('`');
                let sev = cells[2];
                let row = info(code).unwrap_or_else(|| panic!("docs list {code}, which is not in the table"));
                let expected = format!("{:?}", row.severity).to_lowercase();
                assert_eq!(sev, expected, "severity of {code} differs between docs and table");
                assert!(documented.insert(code.to_string()), "docs list {code} twice");
            }
        }
        let table: BTreeSet<String> = ALL.iter().map(|c| c.code.to_string()).collect();
        assert_eq!(documented, table, "docs/diagnostics.md and codes.rs list different codes");
    }
}
