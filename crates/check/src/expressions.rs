//! Variables and expressions.
//!
//! - Declarations: valid names, no duplicates, defaults of the declared type.
//! - CEL expressions (conditional branches, `set_variable` assignments) are parsed once each with
//!   the `cel` crate's hand-written Pratt parser (the same grammar as its ANTLR parser, about 25
//!   times faster; a test cross-checks the two). Every identifier an expression reads must be a
//!   declared variable or a system root: `call.*` always, `syskey.*` in outbound dialer flows.
//!   Comprehension variables (`list.exists(x, x > 1)`) are bound inside their macro.
//! - `set_variable` writes a declared variable or a writable system variable.
//! - Variables named in settings (output variables, prompts read from variables, agents and
//!   numbers from variables, module arguments, `evaluate_at`) must be declared; where a setting
//!   expects a type, a variable of another type is a warning.

use std::collections::HashMap;

use callflow_model::config::{AgentSelection, CallbackNumber, InputArgument, Prompt, ValueSource};
use callflow_model::{ComponentConfig, FlowType, VariableType};
use cel::common::ast::{EntryExpr, Expr, IdedExpr};

use crate::message::{Template, Words, words};
use crate::{Arg, Ctx, codes};

crate::message::templates! { "expressions";
    BAD_VARIABLE_NAME = "Variable `{name}` has an invalid name.";
    USE_VALID_NAME = "Use letters, digits and `_`, starting with a letter or `_`; avoid CEL reserved words and the system roots `call` and `syskey`.";
    DUPLICATE_VARIABLE = "Variable `{name}` is declared more than once.";
    REMOVE_EXTRA_DECLARATION = "Remove the extra declaration.";
    BAD_DEFAULT = "Variable `{name}` is a {type_id} but its default is `{default}`.";
    GIVE_DEFAULT_OF_TYPE = "Give a {type_id} default, or null for unset.";
    BRANCH_DOES_NOT_PARSE = "{who}: the expression of branch `{branch}` does not parse: {error}.";
    ASSIGNMENT_DOES_NOT_PARSE = "{who}: the expression of an assignment does not parse: {error}.";
    WRITE_CEL = "Write a CEL expression, e.g. `vip && balance > 100` or `tier == \"gold\"`; strings need double quotes.";
    EMPTY_EXPRESSION = "the expression is empty";
    LONG_EXPRESSION = "the expression is longer than 10000 characters";
    SYNTAX_ERROR = "syntax error";
    BRANCH_READS_UNDECLARED = "{who}: the expression of branch `{branch}` reads `{root}`, but `{root}` is not a declared variable.";
    ASSIGNMENT_READS_UNDECLARED = "{who}: the expression of an assignment reads `{root}`, but `{root}` is not a declared variable.";
    BRANCH_READS_SYSKEY_OUTSIDE_DIALER = "{who}: the expression of branch `{branch}` reads `{root}`, but `syskey.*` system variables exist only in outbound dialer flows.";
    ASSIGNMENT_READS_SYSKEY_OUTSIDE_DIALER = "{who}: the expression of an assignment reads `{root}`, but `syskey.*` system variables exist only in outbound dialer flows.";
    BRANCH_READS_UNKNOWN_SYSKEY = "{who}: the expression of branch `{branch}` reads `{root}`, but `syskey.{field}` is not a system variable (known: {known}).";
    ASSIGNMENT_READS_UNKNOWN_SYSKEY = "{who}: the expression of an assignment reads `{root}`, but `syskey.{field}` is not a system variable (known: {known}).";
    DECLARE_OR_FIX_NAME = "Declare `{root}` in the flow's variables, or fix the name.";
    SYSKEY_ONLY_IN_DIALER = "Read `{root}` only in an outbound dialer flow, or read a declared flow variable instead.";
    USE_KNOWN_SYSKEY = "Use one of the known system variables, or fix the name.";
    TARGET_NEEDS_DIALER = "{who} cannot assign: `{target}` exists only in outbound dialer flows.";
    TARGET_READ_ONLY = "{who} cannot assign: `{target}` is a read-only system variable.";
    TARGET_NOT_WRITABLE = "{who} cannot assign: `{target}` is not a writable system variable (writable: {writable}).";
    NO_TARGET = "{who} cannot assign: no variable is named.";
    TARGET_UNDECLARED = "{who} cannot assign: `{target}` is not a declared variable.";
    ASSIGN_TO_DECLARED = "Assign to a declared flow variable (declare it first), or in dialer flows to syskey.reschedule_agent_call / syskey.reschedule_customer_call.";
    SETTING_VARIABLE_EMPTY = "{who}: a setting that names a variable is empty.";
    CHOOSE_DECLARED_VARIABLE = "Choose a declared variable.";
    SETTING_VARIABLE_UNDECLARED = "{who}: the setting uses variable `{name}`, which is not declared.";
    DECLARE_OR_CHOOSE_ANOTHER = "Declare `{name}` in the flow's variables, or choose another variable.";
    WRONG_TYPE = "{who}: variable `{name}` is a {type_id} but this setting expects a {expected}.";
    WRONG_TYPE_OF_SEVERAL = "{who}: variable `{name}` is a {type_id} but this setting expects a {expected} or {alternative}.";
    CHANGE_TYPE_OR_VARIABLE = "Change the variable's type, or use another variable.";
}

/// Read-only system variables, available in every flow (`call.ani`, `call.dnis`, ...).
pub(crate) const CALL_ROOT: &str = "call";
/// Dialer system variables (`syskey.reschedule_agent_call`, ...), outbound dialer flows only.
pub(crate) const SYSKEY_ROOT: &str = "syskey";
/// The system variables a flow may write (outbound dialer flows, §4.7).
pub(crate) const WRITABLE_SYSKEYS: [&str; 2] =
    ["syskey.reschedule_agent_call", "syskey.reschedule_customer_call"];

/// Longest expression parsed; longer ones are reported without parsing ([`LONG_EXPRESSION`]
/// names the limit).
const MAX_EXPRESSION_CHARS: usize = 10_000;

/// Names CEL resolves without a variable: type identifiers.
const CEL_TYPE_NAMES: &[&str] =
    &["int", "uint", "double", "bool", "string", "bytes", "list", "map", "type", "null_type", "dyn"];

/// CEL reserved words, which cannot name a variable.
const RESERVED: &[&str] = &[
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let declared = declarations(ctx);
    let mut reads = vec![Vec::new(); ctx.len()];
    for (i, reads) in reads.iter_mut().enumerate() {
        if let Some(config) = ctx.config(i) {
            component(ctx, i, config, &declared, reads);
        }
    }
    ctx.reads = reads;
}

/// Checks the declarations; returns name -> type of the declared variables.
fn declarations(ctx: &Ctx<'_>) -> HashMap<String, VariableType> {
    let mut declared: HashMap<String, VariableType> = HashMap::with_capacity(ctx.flow.variables.len());
    for (n, v) in ctx.flow.variables.iter().enumerate() {
        let path = Some(format!("flow.variables[{n}]"));
        if !valid_name(&v.name) {
            ctx.report(
                codes::BAD_VARIABLE_NAME,
                None,
                None,
                words!(BAD_VARIABLE_NAME, USE_VALID_NAME; name = &v.name),
                Some(format!("flow.variables[{n}].name")),
            );
        }
        if declared.insert(v.name.clone(), v.var_type).is_some() {
            ctx.report(
                codes::DUPLICATE_VARIABLE,
                None,
                None,
                words!(DUPLICATE_VARIABLE, REMOVE_EXTRA_DECLARATION; name = &v.name),
                path.clone(),
            );
        }
        if let Some(default) = &v.default
            && !v.var_type.accepts(default)
        {
            ctx.report(
                codes::BAD_DEFAULT,
                None,
                None,
                words!(BAD_DEFAULT, GIVE_DEFAULT_OF_TYPE;
                    name = &v.name,
                    default = default.to_string(),
                    type_id = type_id(v.var_type),
                ),
                Some(format!("flow.variables[{n}].default")),
            );
        }
    }
    declared
}

pub(crate) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
        && name != CALL_ROOT
        && name != SYSKEY_ROOT
}

/// Parses a CEL expression; on success returns the (root, first field) pairs it reads.
pub(crate) fn parse(source: &str) -> Result<Vec<(String, Option<String>)>, String> {
    if source.trim().is_empty() {
        return Err(EMPTY_EXPRESSION.text.into());
    }
    if source.chars().count() > MAX_EXPRESSION_CHARS {
        return Err(LONG_EXPRESSION.text.into());
    }
    let expr = cel::parser::PrattParser::new().parse(source).map_err(|errors| {
        let mut message = String::new();
        for (n, e) in errors.errors.iter().take(3).enumerate() {
            if n > 0 {
                message.push_str("; ");
            }
            message.push_str(&format!("{} (line {}, column {})", e.msg, e.pos.0.max(1), e.pos.1 + 1));
        }
        if message.is_empty() {
            message = SYNTAX_ERROR.text.into();
        }
        message
    })?;
    // Where the two parsers differ, the engine's verdict wins: the flow must compile there.
    if let Some(message) = crate::cel_compat::engine_rejects(source) {
        return Err(message);
    }
    let mut reads = Vec::new();
    let mut bound = Vec::new();
    walk(&expr, &mut bound, &mut reads, 0);
    Ok(reads)
}

/// A parse error as a message argument: the rules' own words as a phrase, the parser's as text.
fn parse_error(message: &str) -> Arg {
    [EMPTY_EXPRESSION, LONG_EXPRESSION, SYNTAX_ERROR]
        .into_iter()
        .find(|phrase| phrase.text == message)
        .map_or_else(|| Arg::from(message), Arg::from)
}

/// A variable type as the flow file writes it (`string`).
fn type_id(t: VariableType) -> String {
    format!("{t:?}").to_lowercase()
}

/// Collects the free identifiers of `e`: `(root, Some(field))` for `root.field...`.
fn walk(e: &IdedExpr, bound: &mut Vec<String>, out: &mut Vec<(String, Option<String>)>, depth: usize) {
    if depth > 512 {
        return; // The parser's recursion limit keeps real trees far shallower.
    }
    let free = |name: &str, bound: &Vec<String>| !name.starts_with('@') && !bound.iter().any(|b| b == name);
    match &e.expr {
        Expr::Unspecified | Expr::Literal(_) => {}
        Expr::Ident(name) => {
            if free(name, bound) {
                out.push((name.clone(), None));
            }
        }
        Expr::Select(select) => match &select.operand.expr {
            Expr::Ident(name) if free(name, bound) => out.push((name.clone(), Some(select.field.clone()))),
            _ => walk(&select.operand, bound, out, depth + 1),
        },
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                walk(target, bound, out, depth + 1);
            }
            for arg in &call.args {
                walk(arg, bound, out, depth + 1);
            }
        }
        Expr::Comprehension(comp) => {
            walk(&comp.iter_range, bound, out, depth + 1);
            walk(&comp.accu_init, bound, out, depth + 1);
            let before = bound.len();
            bound.push(comp.iter_var.clone());
            if let Some(v) = &comp.iter_var2 {
                bound.push(v.clone());
            }
            bound.push(comp.accu_var.clone());
            walk(&comp.loop_cond, bound, out, depth + 1);
            walk(&comp.loop_step, bound, out, depth + 1);
            walk(&comp.result, bound, out, depth + 1);
            bound.truncate(before);
        }
        Expr::List(list) => {
            for el in &list.elements {
                walk(el, bound, out, depth + 1);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                entry_walk(&entry.expr, bound, out, depth);
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                entry_walk(&entry.expr, bound, out, depth);
            }
        }
    }
}

fn entry_walk(
    entry: &EntryExpr,
    bound: &mut Vec<String>,
    out: &mut Vec<(String, Option<String>)>,
    depth: usize,
) {
    match entry {
        EntryExpr::StructField(f) => walk(&f.value, bound, out, depth + 1),
        EntryExpr::MapEntry(m) => {
            walk(&m.key, bound, out, depth + 1);
            walk(&m.value, bound, out, depth + 1);
        }
    }
}

struct Vars<'d> {
    declared: &'d HashMap<String, VariableType>,
    dialer: bool,
}

/// Why an expression may not read a name.
enum ReadProblem<'a> {
    /// Neither declared nor a system root.
    Undeclared,
    /// `syskey.*` outside an outbound dialer flow.
    SyskeyOutsideDialer,
    /// `syskey.field` for a field that is not a system variable.
    UnknownSyskey(&'a str),
}

impl Vars<'_> {
    /// Why reading `root.field` is not allowed, if it is not.
    fn read_problem<'f>(&self, root: &str, field: Option<&'f str>) -> Option<ReadProblem<'f>> {
        if self.declared.contains_key(root) || root == CALL_ROOT || CEL_TYPE_NAMES.contains(&root) {
            return None;
        }
        if root == SYSKEY_ROOT {
            if !self.dialer {
                return Some(ReadProblem::SyskeyOutsideDialer);
            }
            return match field {
                Some(f) if WRITABLE_SYSKEYS.contains(&format!("{SYSKEY_ROOT}.{f}").as_str()) => None,
                Some(f) => Some(ReadProblem::UnknownSyskey(f)),
                None => None,
            };
        }
        Some(ReadProblem::Undeclared)
    }
}

/// Words about the expression of a conditional's `branch`, or of an assignment when `branch` is
/// `None`: `words` carry the assignment's message, `on_branch` is the same sentence naming the
/// branch.
fn about_expression(branch: Option<&str>, on_branch: &'static Template, mut words: Words) -> Words {
    if let Some(b) = branch {
        words.message = on_branch;
        words.args.push(("branch", Arg::from(b)));
    }
    words
}

fn component(
    ctx: &Ctx<'_>,
    i: usize,
    config: &ComponentConfig,
    declared: &HashMap<String, VariableType>,
    reads: &mut Vec<String>,
) {
    let vars = Vars { declared, dialer: ctx.flow.flow_type == FlowType::OutboundDialer };
    match config {
        ComponentConfig::Conditional(c) => {
            for (n, b) in c.branches.iter().enumerate() {
                expression(
                    ctx,
                    i,
                    &vars,
                    &b.expression,
                    || format!(".config.branches[{n}].expression"),
                    Some(&b.name),
                    reads,
                );
            }
        }
        ComponentConfig::SetVariable(s) => {
            for (n, a) in s.assignments.iter().enumerate() {
                expression(
                    ctx,
                    i,
                    &vars,
                    &a.expression,
                    || format!(".config.assignments[{n}].expression"),
                    None,
                    reads,
                );
                assignment_target(ctx, i, &vars, &a.variable, &format!(".config.assignments[{n}].variable"));
            }
        }
        ComponentConfig::Start(s) => input_arguments(ctx, i, &vars, &s.input_arguments),
        ComponentConfig::BeginModule(s) => input_arguments(ctx, i, &vars, &s.input_arguments),
        ComponentConfig::RunModule(m) => {
            for (arg, var) in &m.input_args {
                setting_var(ctx, i, &vars, var, &format!(".config.input_args.{arg}"), None);
            }
            for (out, var) in &m.outputs {
                setting_var(ctx, i, &vars, var, &format!(".config.outputs.{out}"), None);
            }
        }
        ComponentConfig::PlayMessage(p) => prompt(ctx, i, &vars, &p.prompt, ".config.prompt"),
        ComponentConfig::Menu(m) => {
            prompt(ctx, i, &vars, &m.prompt, ".config.prompt");
            if let Some(p) = &m.invalid_prompt {
                prompt(ctx, i, &vars, p, ".config.invalid_prompt");
            }
            if let Some(p) = &m.no_input_prompt {
                prompt(ctx, i, &vars, p, ".config.no_input_prompt");
            }
        }
        ComponentConfig::CollectDigits(c) => {
            prompt(ctx, i, &vars, &c.prompt, ".config.prompt");
            setting_var(
                ctx,
                i,
                &vars,
                &c.output_variable,
                ".config.output_variable",
                Some(&[VariableType::String]),
            );
        }
        ComponentConfig::BusinessHours(b) => {
            if let Some(v) = &b.evaluate_at {
                setting_var(ctx, i, &vars, v, ".config.evaluate_at", Some(&[VariableType::Datetime]));
            }
        }
        ComponentConfig::AssignmentDial(a) => assignment(ctx, i, &vars, a, ".config"),
        ComponentConfig::DialAgent(d) => {
            value_source(ctx, i, &vars, &d.agent, ".config.agent", &[VariableType::String])
        }
        ComponentConfig::Callback(c) => {
            if let CallbackNumber::Variable { variable } = &c.callback_number {
                setting_var(
                    ctx,
                    i,
                    &vars,
                    variable,
                    ".config.callback_number.variable",
                    Some(&[VariableType::String]),
                );
            }
            prompt(ctx, i, &vars, &c.request_successful_message, ".config.request_successful_message");
            prompt(ctx, i, &vars, &c.error_in_request_message, ".config.error_in_request_message");
            if let Some(p) = &c.timeout_message {
                prompt(ctx, i, &vars, p, ".config.timeout_message");
            }
            assignment(ctx, i, &vars, &c.assignment, ".config.assignment");
        }
        ComponentConfig::RequestDirectCallback(r) => {
            value_source(ctx, i, &vars, &r.number, ".config.number", &[VariableType::String]);
            value_source(
                ctx,
                i,
                &vars,
                &r.outbound_caller_id,
                ".config.outbound_caller_id",
                &[VariableType::String],
            );
            assignment(ctx, i, &vars, &r.assignment, ".config.assignment");
        }
        ComponentConfig::Voicemail(v) => prompt(ctx, i, &vars, &v.greeting, ".config.greeting"),
        ComponentConfig::ForwardExternal(f) => {
            value_source(ctx, i, &vars, &f.phone_number, ".config.phone_number", &[VariableType::String]);
        }
        ComponentConfig::RouteToExternalDestination(r) => {
            if let Some(p) = &r.ringing_audio {
                prompt(ctx, i, &vars, p, ".config.ringing_audio");
            }
        }
        ComponentConfig::CreateExternalNumber(c) => {
            setting_var(
                ctx,
                i,
                &vars,
                &c.output_variable,
                ".config.output_variable",
                Some(&[VariableType::String]),
            );
        }
        ComponentConfig::MakeCall(m) => {
            for (n, number) in m.numbers.iter().enumerate() {
                value_source(
                    ctx,
                    i,
                    &vars,
                    number,
                    &format!(".config.numbers[{n}]"),
                    &[VariableType::String],
                );
            }
        }
        ComponentConfig::RegisterCallback(r) => {
            value_source(
                ctx,
                i,
                &vars,
                &r.callback_number,
                ".config.callback_number",
                &[VariableType::String],
            );
        }
        _ => {}
    }
}

fn expression(
    ctx: &Ctx<'_>,
    i: usize,
    vars: &Vars<'_>,
    source: &str,
    at: impl Fn() -> String,
    branch: Option<&str>,
    reads_i: &mut Vec<String>,
) {
    match &*crate::cache::expression(source) {
        Err(message) => ctx.report(
            codes::EXPRESSION_SYNTAX,
            Some(i),
            branch,
            about_expression(
                branch,
                BRANCH_DOES_NOT_PARSE,
                words!(ASSIGNMENT_DOES_NOT_PARSE, WRITE_CEL; who = ctx.subject(i), error = parse_error(message)),
            ),
            ctx.path(i, &at()),
        ),
        Ok(reads) => {
            let mut reported: Vec<&str> = Vec::new();
            for (root, field) in reads {
                if reported.contains(&root.as_str()) {
                    continue;
                }
                if let Some(problem) = vars.read_problem(root, field.as_deref()) {
                    reported.push(root);
                    let who = ctx.subject(i);
                    let words = match problem {
                        ReadProblem::Undeclared => about_expression(
                            branch,
                            BRANCH_READS_UNDECLARED,
                            words!(ASSIGNMENT_READS_UNDECLARED, DECLARE_OR_FIX_NAME; who = who, root = root),
                        ),
                        ReadProblem::SyskeyOutsideDialer => about_expression(
                            branch,
                            BRANCH_READS_SYSKEY_OUTSIDE_DIALER,
                            words!(ASSIGNMENT_READS_SYSKEY_OUTSIDE_DIALER, SYSKEY_ONLY_IN_DIALER; who = who, root = root),
                        ),
                        ReadProblem::UnknownSyskey(field) => about_expression(
                            branch,
                            BRANCH_READS_UNKNOWN_SYSKEY,
                            words!(ASSIGNMENT_READS_UNKNOWN_SYSKEY, USE_KNOWN_SYSKEY;
                                who = who,
                                root = root,
                                field = field,
                                known = WRITABLE_SYSKEYS.join(", "),
                            ),
                        ),
                    };
                    ctx.report(codes::UNDECLARED_IN_EXPRESSION, Some(i), branch, words, ctx.path(i, &at()));
                }
            }
            for (root, _) in reads {
                if !reads_i.contains(root) {
                    reads_i.push(root.clone());
                }
            }
        }
    }
}

fn assignment_target(ctx: &Ctx<'_>, i: usize, vars: &Vars<'_>, target: &str, at: &str) {
    let target = target.trim();
    let words = if vars.declared.contains_key(target) {
        return;
    } else if WRITABLE_SYSKEYS.contains(&target) {
        if vars.dialer {
            return;
        }
        words!(TARGET_NEEDS_DIALER, ASSIGN_TO_DECLARED; who = ctx.subject(i), target = target)
    } else if target == CALL_ROOT || target.starts_with("call.") {
        words!(TARGET_READ_ONLY, ASSIGN_TO_DECLARED; who = ctx.subject(i), target = target)
    } else if target.starts_with("syskey.") || target == SYSKEY_ROOT {
        words!(TARGET_NOT_WRITABLE, ASSIGN_TO_DECLARED;
            who = ctx.subject(i),
            target = target,
            writable = WRITABLE_SYSKEYS.join(", "),
        )
    } else if target.is_empty() {
        words!(NO_TARGET, ASSIGN_TO_DECLARED; who = ctx.subject(i))
    } else {
        words!(TARGET_UNDECLARED, ASSIGN_TO_DECLARED; who = ctx.subject(i), target = target)
    };
    ctx.report(codes::BAD_ASSIGNMENT_TARGET, Some(i), None, words, ctx.path(i, at));
}

fn input_arguments(ctx: &Ctx<'_>, i: usize, vars: &Vars<'_>, args: &[InputArgument]) {
    for (n, a) in args.iter().enumerate() {
        setting_var(ctx, i, vars, &a.variable, &format!(".config.input_arguments[{n}].variable"), None);
    }
}

fn prompt(ctx: &Ctx<'_>, i: usize, vars: &Vars<'_>, p: &Prompt, at: &str) {
    if let Prompt::Variable { variable } = p {
        setting_var(ctx, i, vars, variable, &format!("{at}.variable"), Some(&[VariableType::String]));
    }
}

fn value_source(ctx: &Ctx<'_>, i: usize, vars: &Vars<'_>, v: &ValueSource, at: &str, types: &[VariableType]) {
    if let ValueSource::Variable(name) = v {
        setting_var(ctx, i, vars, name, &format!("{at}.variable"), Some(types));
    }
}

fn assignment(
    ctx: &Ctx<'_>,
    i: usize,
    vars: &Vars<'_>,
    a: &callflow_model::config::AssignmentDialConfig,
    at: &str,
) {
    if let AgentSelection::AgentsVariable { variable } = &a.selection {
        setting_var(
            ctx,
            i,
            vars,
            variable,
            &format!("{at}.selection.variable"),
            Some(&[VariableType::String, VariableType::List]),
        );
    }
    if let Some(p) = &a.waiting_audio {
        prompt(ctx, i, vars, p, &format!("{at}.waiting_audio"));
    }
}

/// A variable named in a setting: declared (or a readable system variable), of an expected type.
fn setting_var(
    ctx: &Ctx<'_>,
    i: usize,
    vars: &Vars<'_>,
    name: &str,
    at: &str,
    types: Option<&[VariableType]>,
) {
    let name = name.trim();
    if name.starts_with("call.") || (vars.dialer && WRITABLE_SYSKEYS.contains(&name)) {
        return;
    }
    match vars.declared.get(name) {
        None => ctx.report(
            codes::UNDECLARED_IN_SETTING,
            Some(i),
            None,
            if name.is_empty() {
                words!(SETTING_VARIABLE_EMPTY, CHOOSE_DECLARED_VARIABLE; who = ctx.subject(i))
            } else {
                words!(SETTING_VARIABLE_UNDECLARED, DECLARE_OR_CHOOSE_ANOTHER; who = ctx.subject(i), name = name)
            },
            ctx.path(i, at),
        ),
        Some(&t) => {
            let Some(types) = types.filter(|types| !types.contains(&t)) else { return };
            let words = match types {
                [] => return,
                [expected] => words!(WRONG_TYPE, CHANGE_TYPE_OR_VARIABLE;
                    who = ctx.subject(i),
                    name = name,
                    type_id = type_id(t),
                    expected = type_id(*expected),
                ),
                // Every expected type but the last, then "or" the last: `string or list`.
                [others @ .., last] => words!(WRONG_TYPE_OF_SEVERAL, CHANGE_TYPE_OR_VARIABLE;
                    who = ctx.subject(i),
                    name = name,
                    type_id = type_id(t),
                    expected = others.iter().map(|&t| type_id(t)).collect::<Vec<_>>().join(", "),
                    alternative = type_id(*last),
                ),
            };
            ctx.report(codes::VARIABLE_TYPE, Some(i), None, words, ctx.path(i, at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_long_expression_phrase_names_the_limit() {
        assert!(LONG_EXPRESSION.text.contains(&format!(" {MAX_EXPRESSION_CHARS} ")));
        assert_eq!(parse(&"1".repeat(MAX_EXPRESSION_CHARS + 1)), Err(LONG_EXPRESSION.text.to_string()));
    }
}
