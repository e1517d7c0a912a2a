//! The step debugger's commands: one simulated call of the open document, held in app state
//! and driven from the UI (start, step, continue, pause, step back, restart, answer a decision,
//! breakpoints, edit a variable while paused, jump back to a trace event, save as a test call).
//!
//! The session is the engine's [`DebugSession`] (interactive: the engine asks the UI where the
//! script does not decide). Breakpoints come from the UI as the flow file saves them
//! ([`SavedBreakpoint`]); disabled ones are not given to the engine, and a breakpoint hit is
//! reported by its index in the UI's list.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use callflow_check::FlowResolver;
use callflow_engine::debug::{Breakpoint, DebugSession, DebugView, StopReason};
use callflow_engine::{Options, Program, Sim};
use callflow_model::{CallSetup, Flow, FlowFile, PathStep, SavedBreakpoint, TestCall};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::library::LibraryState;
use crate::types::AppError;

/// The running session, if any, and the flag that pauses a `continue` in progress (kept apart
/// so `debug_pause` never waits for the session's lock).
#[derive(Default)]
pub struct DebugState {
    live: Mutex<Option<Live>>,
    interrupt: Mutex<Option<Arc<AtomicBool>>>,
}

impl std::fmt::Debug for DebugState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DebugState")
    }
}

struct Live {
    session: DebugSession,
    /// The UI list index of each engine breakpoint.
    map: Vec<usize>,
}

/// What the UI shows after each action.
#[derive(Debug, Clone, Serialize)]
pub struct DebugReply {
    pub view: DebugView,
    /// The first call's path so far: each component entered, with the exit it left by.
    pub path: Vec<PathStep>,
    /// When a breakpoint stopped the run: its index in the UI's list.
    pub breakpoint: Option<u32>,
    /// Breakpoints that could not be set (a component no longer in the flow, a bad condition).
    pub warnings: Vec<String>,
}

/// One action on the running session.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DebugAction {
    Step,
    Continue,
    StepBack,
    Restart,
    /// Answers the pending decision with its choice `index`.
    Choose {
        index: u32,
    },
    /// Sets a variable of a call while paused (the run forks from here).
    SetVariable {
        call: u32,
        name: String,
        value: serde_json::Value,
    },
    /// Goes back to the pause before trace event `index`.
    Jump {
        index: u32,
    },
    /// Replaces the breakpoints (the UI's whole list).
    SetBreakpoints {
        breakpoints: Vec<SavedBreakpoint>,
    },
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid { message: message.into() }
}

/// The engine form of a saved breakpoint.
fn engine_breakpoint(b: &SavedBreakpoint) -> Breakpoint {
    match (&b.exit, &b.condition) {
        (Some(exit), _) => Breakpoint::Exit { component: b.component.clone(), exit: exit.clone() },
        (None, Some(cond)) if !cond.trim().is_empty() => {
            Breakpoint::ComponentWhen { component: b.component.clone(), expression: cond.clone() }
        }
        (None, _) => Breakpoint::Component { component: b.component.clone() },
    }
}

/// Gives the engine the enabled breakpoints; returns the UI index of each and the ones refused.
fn apply_breakpoints(session: &mut DebugSession, list: &[SavedBreakpoint]) -> (Vec<usize>, Vec<String>) {
    let mut map = Vec::new();
    let mut warnings = Vec::new();
    let mut engine = Vec::new();
    for (i, b) in list.iter().enumerate().filter(|(_, b)| !b.disabled) {
        // Checked one by one, so one bad breakpoint does not drop the others.
        let bp = engine_breakpoint(b);
        let mut probe = engine.clone();
        probe.push(bp.clone());
        match session.set_breakpoints(probe) {
            Ok(()) => {
                engine.push(bp);
                map.push(i);
            }
            Err((_, e)) => warnings.push(format!("breakpoint on `{}` not set: {e}", b.component)),
        }
    }
    let _ = session.set_breakpoints(engine);
    (map, warnings)
}

fn reply(live: &mut Live, view: DebugView, warnings: Vec<String>) -> DebugReply {
    let breakpoint = match view.stop {
        StopReason::Breakpoint { index } => live.map.get(index as usize).map(|&i| i as u32),
        _ => None,
    };
    DebugReply { path: live.session.path(), view, breakpoint, warnings }
}

/// The flows `flow` calls: from the library when it is open, else from the embedded samples.
fn resolver_for(library: &LibraryState, flow: &Flow) -> Box<dyn FlowResolver> {
    match library.resolver(flow) {
        Some(r) => Box::new(r),
        None => {
            let samples: std::collections::BTreeMap<String, Flow> = crate::commands::sample_flows()
                .into_iter()
                .filter(|s| s.file.flow.id != flow.id)
                .map(|s| (s.file.flow.id.clone(), s.file.flow))
                .collect();
            Box::new(samples)
        }
    }
}

/// A session over `file` (as the UI has it now) for a call started with `setup`, paused before
/// the first component.
fn start_session(
    flows: &dyn FlowResolver,
    file: &FlowFile,
    setup: CallSetup,
    breakpoints: &[SavedBreakpoint],
) -> Result<(DebugSession, Vec<usize>, Vec<String>), AppError> {
    let prog = Program::compile(&file.flow, flows).map_err(AppError::from)?;
    let env = Arc::new(file.environment.clone().unwrap_or_default());
    let sim = Sim::new(Arc::new(prog), env, setup, &[], Options::default())
        .map_err(|e| invalid(format!("the call cannot start: {e}")))?;
    let mut session = DebugSession::new(sim, true);
    let (map, warnings) = apply_breakpoints(&mut session, breakpoints);
    Ok((session, map, warnings))
}

/// Starts a simulated call of `file`, replacing any session; paused before the first component.
#[tauri::command(async)]
pub fn debug_start(
    library: State<'_, LibraryState>,
    state: State<'_, DebugState>,
    file: FlowFile,
    setup: CallSetup,
    breakpoints: Vec<SavedBreakpoint>,
) -> Result<DebugReply, AppError> {
    let flows = resolver_for(&library, &file.flow);
    let (mut session, map, warnings) = start_session(flows.as_ref(), &file, setup, &breakpoints)?;
    *state.interrupt.lock().map_err(|_| invalid("debugger state poisoned"))? =
        Some(session.interrupt_handle());
    let view = session.view();
    let mut live = Live { session, map };
    let out = reply(&mut live, view, warnings);
    *state.live.lock().map_err(|_| invalid("debugger state poisoned"))? = Some(live);
    Ok(out)
}

/// Runs one action on a session.
fn act_on(live: &mut Live, action: DebugAction) -> Result<DebugReply, AppError> {
    let s = &mut live.session;
    let mut warnings = Vec::new();
    let view = match action {
        DebugAction::Step => s.step(),
        DebugAction::Continue => s.continue_(),
        DebugAction::StepBack => s.step_back(),
        DebugAction::Restart => s.restart(),
        DebugAction::Choose { index } => s.choose(index as usize).map_err(invalid)?,
        DebugAction::SetVariable { call, name, value } => {
            s.set_variable(call, &name, value).map_err(invalid)?
        }
        DebugAction::Jump { index } => s.jump_to_trace(index as usize).map_err(invalid)?,
        DebugAction::SetBreakpoints { breakpoints } => {
            let (map, w) = apply_breakpoints(s, &breakpoints);
            live.map = map;
            warnings = w;
            live.session.view()
        }
    };
    Ok(reply(live, view, warnings))
}

/// Runs one action on the running session.
#[tauri::command(async)]
pub fn debug_act(state: State<'_, DebugState>, action: DebugAction) -> Result<DebugReply, AppError> {
    let mut guard = state.live.lock().map_err(|_| invalid("debugger state poisoned"))?;
    let live = guard.as_mut().ok_or_else(|| invalid("no call is being debugged: start one first"))?;
    act_on(live, action)
}

/// Pauses a `continue` in progress (no effect otherwise).
#[tauri::command]
pub fn debug_pause(state: State<'_, DebugState>) {
    if let Ok(flag) = state.interrupt.lock()
        && let Some(flag) = flag.as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
}

/// Ends the session.
#[tauri::command(async)]
pub fn debug_stop(state: State<'_, DebugState>) {
    if let Ok(flag) = state.interrupt.lock()
        && let Some(flag) = flag.as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
    if let Ok(mut live) = state.live.lock() {
        *live = None;
    }
}

/// The running session as a saved test call named `name` (the UI adds it to the document).
#[tauri::command(async)]
pub fn debug_test_call(state: State<'_, DebugState>, name: String) -> Result<TestCall, AppError> {
    let guard = state.live.lock().map_err(|_| invalid("debugger state poisoned"))?;
    let live = guard.as_ref().ok_or_else(|| invalid("no call is being debugged: start one first"))?;
    live.session.to_test_call(&name).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> FlowFile {
        crate::commands::sample_flows().into_iter().find(|s| s.name == name).expect("sample").file
    }

    fn live(file: &FlowFile, breakpoints: &[SavedBreakpoint]) -> (Live, Vec<String>) {
        let (session, map, warnings) =
            start_session(&callflow_check::NoFlows, file, CallSetup::default(), breakpoints).unwrap();
        (Live { session, map }, warnings)
    }

    fn bp(component: &str, disabled: bool) -> SavedBreakpoint {
        SavedBreakpoint { component: component.into(), exit: None, condition: None, disabled }
    }

    #[test]
    fn a_breakpoint_hit_is_reported_by_its_index_in_the_ui_list() {
        let file = sample("inbound-support.callflow.json");
        let entry = file.flow.entry.clone();
        let next = file.flow.components[&entry].exits.values().flatten().next().unwrap().clone();
        // The first is disabled and the second names no component: the third is engine index 0.
        let (mut l, warnings) = live(&file, &[bp(&next, true), bp("no-such-box", false), bp(&next, false)]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("no-such-box"));
        let r = act_on(&mut l, DebugAction::Continue).unwrap();
        assert_eq!(r.breakpoint, Some(2));
        assert_eq!(r.view.calls[0].component.as_deref(), Some(next.as_str()));
        assert_eq!(r.path.first().map(|p| p.component.as_str()), Some(entry.as_str()));
    }

    #[test]
    fn bad_actions_are_refused_with_the_reason() {
        let file = sample("inbound-support.callflow.json");
        let (mut l, _) = live(&file, &[]);
        let err = act_on(&mut l, DebugAction::Choose { index: 0 }).unwrap_err();
        assert!(err.to_string().contains("nothing is pending"), "{err}");
        let err = act_on(&mut l, DebugAction::SetVariable { call: 0, name: "nope".into(), value: 1.into() })
            .unwrap_err();
        assert!(err.to_string().contains("no variable `nope`"), "{err}");
        let err = act_on(&mut l, DebugAction::Jump { index: 999 }).unwrap_err();
        assert!(err.to_string().contains("no trace event"), "{err}");
    }

    /// The debug command path on a 1,000-component flow (the #6 budget's Rust side: the UI adds
    /// the IPC round trip and the redraw): `cargo test -p callflow-app --lib
    /// debug_steps_on_a_large_flow -- --nocapture` prints the time per step.
    #[test]
    fn debug_steps_on_a_large_flow() {
        let file = callflow_model::synth::realistic_file(1000);
        let (session, map, _) = start_session(&callflow_check::NoFlows, &file, CallSetup::default(), &[])
            .expect("the synthetic flow runs");
        let mut l = Live { session, map };
        let mut times = Vec::new();
        let mut components = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let t0 = std::time::Instant::now();
            let r = match l.session.view().pending {
                // Anything but hanging up, to go deep into the flow.
                Some(d) => {
                    let index = d.choices.iter().position(|c| !c.label.contains("hangs up")).unwrap_or(0);
                    act_on(&mut l, DebugAction::Choose { index: index as u32 }).unwrap()
                }
                None => act_on(&mut l, DebugAction::Step).unwrap(),
            };
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            if let Some(c) = &r.view.calls[0].component {
                components.insert(c.clone());
            }
            if r.view.finished {
                act_on(&mut l, DebugAction::Restart).unwrap();
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "debug step on 1,000 components: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms over {} actions ({} components visited)",
            times[times.len() / 2],
            times[times.len() * 95 / 100],
            times[times.len() - 1],
            times.len(),
            components.len()
        );
        assert!(components.len() > 3, "the call went somewhere: {components:?}");
        println!("visited: {components:?}");
    }

    /// An outbound dialer flow starts as a dialer attempt for a record (what the UI sends for
    /// such flows) and reports the record's status in the trace.
    #[test]
    fn a_dialer_attempt_of_the_outbound_sample_runs_to_a_record_status() {
        let file = sample("otp-campaign.callflow.json");
        assert_eq!(file.flow.flow_type, callflow_model::FlowType::OutboundDialer);
        let setup = CallSetup {
            record: Some(callflow_model::DialerRecord {
                id: "R1".into(),
                contact_numbers: vec!["+447700900123".into()],
                ..Default::default()
            }),
            ..Default::default()
        };
        let flows = resolver_for_samples(&file.flow);
        let (session, map, _) = start_session(&flows, &file, setup, &[]).unwrap();
        let mut l = Live { session, map };
        let mut r = act_on(&mut l, DebugAction::Continue).unwrap();
        for _ in 0..50 {
            if r.view.finished {
                break;
            }
            r = match &r.view.pending {
                Some(_) => act_on(&mut l, DebugAction::Choose { index: 0 }).unwrap(),
                None => act_on(&mut l, DebugAction::Continue).unwrap(),
            };
        }
        assert!(r.view.finished, "{:?}", r.view.stop);
        assert!(
            l.session.trace().iter().any(|e| matches!(e.event, callflow_engine::TraceKind::RecordStatus(_))),
            "no record status in the trace"
        );
    }

    fn resolver_for_samples(flow: &Flow) -> std::collections::BTreeMap<String, Flow> {
        crate::commands::sample_flows()
            .into_iter()
            .filter(|s| s.file.flow.id != flow.id)
            .map(|s| (s.file.flow.id.clone(), s.file.flow))
            .collect()
    }

    #[test]
    fn actions_deserialize_from_the_ui_form() {
        let a: DebugAction = serde_json::from_str(r#"{"type":"choose","index":2}"#).unwrap();
        assert!(matches!(a, DebugAction::Choose { index: 2 }));
        let a: DebugAction = serde_json::from_str(
            r#"{"type":"set_breakpoints","breakpoints":[{"component":"a","condition":"x > 1"}]}"#,
        )
        .unwrap();
        assert!(matches!(a, DebugAction::SetBreakpoints { breakpoints } if breakpoints.len() == 1));
    }
}
