//! CxEngage callback notation placement over all paths (CB1-CB4, §4.8, §5.9).
//!
//! A forward dataflow ("may" analysis) computes, for every component, the set of callback
//! states a call can be in when it arrives there, over every path from the roots:
//!
//! - `none`: no callback in progress (the caller is queued, or never was);
//! - `started`: a `start_callback` was passed and not declined or registered since;
//! - `registered`: a `register_callback` was passed after that start.
//!
//! Transfer: `start_callback` -> started, `decline_callback` -> none, `register_callback` ->
//! registered; every other component passes its state through (a `run_module` too: the
//! notations belong in the flow that queues the call or in its reusable queue flow). At a join
//! the sets are united, so a state that is possible on *some* path is never lost: "on every path
//! there is a start" holds exactly when `none` is not in the set. The entry starts in {none};
//! event handlers can run at any point, so they start in {none, started, registered}. Each
//! component's set grows at most three times, so the analysis is linear in the flow's size.
//!
//! Then: a decline that can be reached in `none` breaks CB1 (CF0501), in `registered` breaks
//! CB1/CB3 (CF0502); a register reachable in `none` breaks CB2 (CF0503). CB4 (CF0504, warning):
//! a register whose callback number is a variable written by a `collect_digits` without a
//! validation pattern, where some path reaches the register without a validating step after that
//! input (a `conditional` reading the variable, or a `collect_digits` with a pattern writing it).

use callflow_model::{ComponentConfig, ComponentKind};

use crate::message::words;
use crate::{Ctx, codes};

crate::message::templates! { "callbacks";
    DECLINE_WITHOUT_START = "{who} can be reached on a path without an earlier Start callback.";
    START_BEFORE_DECLINE = "Decline only after Start callback: put a Start callback before it on every path.";
    DECLINE_AFTER_REGISTER = "{who} can be reached after Register callback without a new Start callback.";
    DECLINE_BEFORE_REGISTERING = "A registered callback cannot be declined; decline before registering, or start a new callback first.";
    REGISTER_WITHOUT_START = "{who} can be reached on a path without an earlier, un-declined Start callback.";
    START_BEFORE_REGISTER = "Put a Start callback before it on every path, with no Decline callback in between.";
    UNVALIDATED_NUMBER = "{who}: the callback number `{variable}` comes from caller input that is not validated on every path.";
    VALIDATE_NUMBER = "Give the Collect digits step a validation pattern, or test `{variable}` in a Conditional before registering.";
}

const NONE: u8 = 1;
const STARTED: u8 = 2;
const REGISTERED: u8 = 4;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let n = ctx.len();
    let has_notations = (0..n)
        .any(|i| matches!(ctx.kind(i), ComponentKind::DeclineCallback | ComponentKind::RegisterCallback));
    if !has_notations {
        return;
    }
    let states = dataflow(ctx);
    for (i, &s) in states.iter().enumerate() {
        match ctx.kind(i) {
            ComponentKind::DeclineCallback => {
                if s & NONE != 0 {
                    ctx.report(
                        codes::DECLINE_WITHOUT_START,
                        Some(i),
                        None,
                        words!(DECLINE_WITHOUT_START, START_BEFORE_DECLINE; who = ctx.subject(i)),
                        ctx.path(i, ""),
                    );
                }
                if s & REGISTERED != 0 {
                    ctx.report(
                        codes::DECLINE_AFTER_REGISTER,
                        Some(i),
                        None,
                        words!(DECLINE_AFTER_REGISTER, DECLINE_BEFORE_REGISTERING; who = ctx.subject(i)),
                        ctx.path(i, ""),
                    );
                }
            }
            ComponentKind::RegisterCallback if s & NONE != 0 => ctx.report(
                codes::REGISTER_WITHOUT_START,
                Some(i),
                None,
                words!(REGISTER_WITHOUT_START, START_BEFORE_REGISTER; who = ctx.subject(i)),
                ctx.path(i, ""),
            ),
            _ => {}
        }
    }
    unvalidated_numbers(ctx);
}

/// The set of callback states at the entry of every component (0 when unreachable).
fn dataflow(ctx: &Ctx<'_>) -> Vec<u8> {
    let n = ctx.len();
    let mut state = vec![0u8; n];
    let mut queued = vec![false; n];
    let mut work: Vec<usize> = Vec::new();
    let seed = |i: usize, s: u8, state: &mut Vec<u8>, work: &mut Vec<usize>, queued: &mut Vec<bool>| {
        if state[i] | s != state[i] {
            state[i] |= s;
            if !queued[i] {
                queued[i] = true;
                work.push(i);
            }
        }
    };
    for &e in &ctx.graph.entries {
        seed(e, NONE, &mut state, &mut work, &mut queued);
    }
    for &h in &ctx.graph.handlers {
        seed(h, NONE | STARTED | REGISTERED, &mut state, &mut work, &mut queued);
    }
    while let Some(i) = work.pop() {
        queued[i] = false;
        let out = match ctx.kind(i) {
            ComponentKind::StartCallback => STARTED,
            ComponentKind::DeclineCallback => NONE,
            ComponentKind::RegisterCallback => REGISTERED,
            _ => state[i],
        };
        for j in ctx.graph.successors(i) {
            seed(j, out, &mut state, &mut work, &mut queued);
        }
    }
    state
}

fn unvalidated_numbers(ctx: &mut Ctx<'_>) {
    let n = ctx.len();
    // Registers whose number is a variable, grouped by variable.
    let mut by_var: Vec<(String, Vec<usize>)> = Vec::new();
    for i in 0..n {
        if let Some(ComponentConfig::RegisterCallback(r)) = ctx.config(i)
            && let Some(v) = r.callback_number.variable()
        {
            match by_var.iter_mut().find(|(name, _)| name == v) {
                Some((_, regs)) => regs.push(i),
                None => by_var.push((v.to_string(), vec![i])),
            }
        }
    }
    for (var, registers) in by_var {
        // gen: collect_digits writing `var` without a pattern; kill: with a pattern, or a
        // conditional reading `var`.
        let effect: Vec<Option<bool>> = (0..n)
            .map(|i| match ctx.config(i) {
                Some(ComponentConfig::CollectDigits(c)) if c.output_variable == var => {
                    Some(c.validation.is_some())
                }
                Some(ComponentConfig::Conditional(_)) if ctx.reads[i].contains(&var) => Some(true),
                _ => None,
            })
            .collect();
        if !effect.contains(&Some(false)) {
            continue; // The number never comes from unvalidated caller input.
        }
        let mut raw_in = vec![false; n];
        let mut work: Vec<usize> = Vec::new();
        for (i, e) in effect.iter().enumerate() {
            if *e == Some(false) {
                for j in ctx.graph.successors(i) {
                    if !raw_in[j] {
                        raw_in[j] = true;
                        work.push(j);
                    }
                }
            }
        }
        while let Some(i) = work.pop() {
            if effect[i].is_some() {
                continue; // Validates (kills), or generates (already seeded from it).
            }
            for j in ctx.graph.successors(i) {
                if !raw_in[j] {
                    raw_in[j] = true;
                    work.push(j);
                }
            }
        }
        for r in registers {
            if raw_in[r] {
                ctx.report(
                    codes::UNVALIDATED_CALLBACK_NUMBER,
                    Some(r),
                    None,
                    words!(UNVALIDATED_NUMBER, VALIDATE_NUMBER; who = ctx.subject(r), variable = &var),
                    ctx.path(r, ".config.callback_number"),
                );
            }
        }
    }
}
