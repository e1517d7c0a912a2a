//! Checking a caller script against the flow and environment before anything runs: an event
//! that cannot happen is rejected with a clear error instead of being silently ignored.

use callflow_model::{CallEvent, ComponentConfig, ComponentKind, Environment, FlowType, ScriptEvent};

use crate::compile::{EngineError, NodeCfg, Program};

/// Rejects events about agents or destinations that do not exist, keys in a flow with no
/// component that takes input, errors injected into unknown components, dialer events outside
/// dialer flows, and events for calls that never arrive.
pub fn validate_script(prog: &Program, env: &Environment, script: &[ScriptEvent]) -> Result<(), EngineError> {
    let nodes = || prog.graphs.iter().flat_map(|g| g.nodes.iter());
    let takes_keys = nodes().any(|n| {
        matches!(n.kind, ComponentKind::Menu | ComponentKind::CollectDigits)
            || (n.kind == ComponentKind::AssignmentDial && n.alt_keys.iter().any(Option::is_some))
    });
    let agent_known = |who: &str| {
        env.agents.iter().any(|a| a.id == who || a.name == who || a.email.eq_ignore_ascii_case(who))
    };
    let forward_numbers: Vec<String> = nodes()
        .filter_map(|n| match (&n.cfg, n.kind) {
            (NodeCfg::Plain(c), ComponentKind::ForwardExternal) => match c.as_ref() {
                ComponentConfig::ForwardExternal(f) => {
                    f.phone_number.literal().map(str::to_string).or(Some(n.id.to_string()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    let has_forward = nodes().any(|n| n.kind == ComponentKind::ForwardExternal);
    let dest_known = |d: &str| {
        env.external_destinations.iter().any(|e| e.name == d)
            || forward_numbers.iter().any(|n| n == d)
            || nodes().any(|n| n.kind == ComponentKind::ForwardExternal && &*n.id == d)
            || (has_forward && d.starts_with('+'))
    };
    let dialer = prog.main().flow_type == FlowType::OutboundDialer;
    let mut sorted: Vec<(usize, &ScriptEvent)> = script.iter().enumerate().collect();
    sorted.sort_by_key(|(_, e)| e.at);
    // A script that opens with `call_arrive` brings the first call itself.
    let opening = crate::sim::opening_arrival(sorted.iter().map(|(_, e)| *e));
    let mut calls = if opening.is_some() { 0u32 } else { 1u32 };
    for (index, ev) in sorted {
        let fail = |message: String| Err(EngineError::Script { index, at: ev.at, message });
        let environment = matches!(
            ev.event,
            CallEvent::TrafficLimit { .. }
                | CallEvent::AgentStatus { .. }
                | CallEvent::ComponentError { .. }
                | CallEvent::ClockAdvance { .. }
        );
        if ev.call >= calls && !environment && !matches!(ev.event, CallEvent::CallArrive { .. }) {
            return fail(format!(
                "call {} has not arrived by t={} (only {calls} call(s) by then)",
                ev.call, ev.at
            ));
        }
        match &ev.event {
            CallEvent::CallArrive { .. } => calls += 1,
            CallEvent::Dtmf { .. } | CallEvent::Digits { .. } if !takes_keys => {
                return fail("a key press, but no component of this flow takes input (no menu, collect digits or alternative keys)".into());
            }
            CallEvent::Digits { digits }
                if digits.is_empty() || !digits.chars().all(|c| "0123456789*#".contains(c)) =>
            {
                return fail(format!("`{digits}` is not a string of keypad keys (0-9, *, #)"));
            }
            CallEvent::AgentStatus { agent, .. }
            | CallEvent::AgentAnswer { agent }
            | CallEvent::AgentReject { agent }
            | CallEvent::AgentDeviceFail { agent }
            | CallEvent::AgentEndCall { agent }
                if !agent_known(agent) =>
            {
                let known: Vec<&str> = env.agents.iter().map(|a| a.id.as_str()).collect();
                return fail(format!(
                    "agent `{agent}` does not exist in the environment (agents: {})",
                    if known.is_empty() { "none".into() } else { known.join(", ") }
                ));
            }
            CallEvent::ExtAnswer { destination }
            | CallEvent::ExtBusy { destination }
            | CallEvent::ExtFail { destination }
            | CallEvent::ExtEndCall { destination }
                if !dest_known(destination) =>
            {
                return fail(format!(
                    "`{destination}` is neither an external destination of the environment nor a number this flow forwards to"
                ));
            }
            CallEvent::ComponentError { component }
                if !prog.graphs.iter().any(|g| g.node_index.contains_key(component.as_str())) =>
            {
                return fail(format!("component `{component}` does not exist in this flow or its modules"));
            }
            CallEvent::DialerAgentLeg { .. } | CallEvent::DialerCustomerLeg { .. } if !dialer => {
                return fail("dialer leg results only happen in outbound dialer flows".into());
            }
            _ => {}
        }
    }
    Ok(())
}
