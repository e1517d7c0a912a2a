//! Outbound dialer rules (§5.10).
//!
//! On the flow: an `agent_connect` / `make_call` with `on_not_connected: continue` continues on
//! Line 1 also when its leg failed; if no path from Line 1 sets a reschedule variable
//! (`set_variable` writing `syskey.reschedule_*`) or ends in a `hang_up`, a failed leg silently
//! completes the record (CF1001, warning). One backward reachability pass serves every widget.
//!
//! On the file's environment ([`check_environment`]): attempts at least 1 (CF1002; durations
//! are unsigned, so never negative), and the named calendars follow the schedule rules.

use callflow_model::config::OnNotConnected;
use callflow_model::{ComponentConfig, ComponentKind, Environment, FlowType};

use crate::expressions::WRITABLE_SYSKEYS;
use crate::message::words;
use crate::{Ctx, Diagnostic, codes, path_key};

crate::message::templates! { "dialer";
    CONTINUE_WITHOUT_OUTCOME = "{who} continues on Line 1 when its leg is not connected, but no path from Line 1 sets a reschedule variable or hangs up: a failed leg completes the record.";
    DECIDE_ON_LINE_1 = "On the Line 1 path, test whether the leg connected and set syskey.reschedule_agent_call / syskey.reschedule_customer_call, or end with Hang up.";
    TOO_FEW_AGENT_ATTEMPTS = "The dialer settings allow {count} agent attempts; at least 1 is needed.";
    TOO_FEW_CUSTOMER_ATTEMPTS = "The dialer settings allow {count} customer attempts; at least 1 is needed.";
    ALLOW_ONE_OR_MORE = "Set `{field}` to 1 or more.";
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    if ctx.flow.flow_type != FlowType::OutboundDialer {
        return;
    }
    let n = ctx.len();
    let widgets: Vec<usize> = (0..n)
        .filter(|&i| match ctx.config(i) {
            Some(ComponentConfig::AgentConnect(a)) => a.on_not_connected == OnNotConnected::Continue,
            Some(ComponentConfig::MakeCall(m)) => m.on_not_connected == OnNotConnected::Continue,
            _ => false,
        })
        .collect();
    if widgets.is_empty() {
        return;
    }
    let deciders: Vec<usize> = (0..n)
        .filter(|&i| match ctx.config(i) {
            Some(ComponentConfig::SetVariable(s)) => {
                s.assignments.iter().any(|a| WRITABLE_SYSKEYS.contains(&a.variable.trim()))
            }
            _ => ctx.kind(i) == ComponentKind::HangUp,
        })
        .collect();
    let decides = ctx.graph.reaches(&deciders);
    for i in widgets {
        let Some(target) = ctx.comp(i).target("line_1") else { continue };
        let Some(&t) = ctx.index.get(target.as_str()) else { continue };
        if !decides[t] {
            ctx.report(
                codes::CONTINUE_WITHOUT_OUTCOME,
                Some(i),
                Some("line_1"),
                words!(CONTINUE_WITHOUT_OUTCOME, DECIDE_ON_LINE_1; who = ctx.subject(i)),
                ctx.path(i, ".exits.line_1"),
            );
        }
    }
}

pub(crate) fn check_environment(env: &Environment) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(d) = &env.dialer {
        for (value, field, too_few) in [
            (d.agent_attempts, "agent_attempts", TOO_FEW_AGENT_ATTEMPTS),
            (d.customer_attempts, "customer_attempts", TOO_FEW_CUSTOMER_ATTEMPTS),
        ] {
            if value < 1 {
                out.push(crate::diagnostic(
                    codes::DIALER_ATTEMPTS,
                    None,
                    None,
                    words!(too_few, ALLOW_ONE_OR_MORE; count = value, field = field),
                    Some(format!("environment.dialer.{field}")),
                ));
            }
        }
    }
    for (name, schedule) in &env.calendars {
        let base = || format!("environment.calendars{}", path_key(name));
        for f in crate::schedule::schedule(schedule, &base) {
            out.push(f.about_calendar(name));
        }
    }
    out
}
