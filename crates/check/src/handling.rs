//! Alternative keys (G6, §5.3) and the error-handling section (G5, §5.4).
//!
//! Keys: only kinds the catalog marks as taking keys may bind them. The document's key map
//! cannot hold a key twice or more than twelve keys; duplicates in the file text are found by
//! [`crate::source`]. Error handling: kinds without the section must keep "Use default
//! behavior"; `follow_exit` must name one of the component's own connectable exits.

use callflow_model::ErrorHandling;

use crate::message::words;
use crate::{Ctx, codes, path_key};

crate::message::templates! { "handling";
    KEYS_NOT_SUPPORTED = "{who} binds alternative keys ({keys}), but {kind} does not take alternative keys.";
    REMOVE_KEYS = "Remove the key bindings; only Assignment and dial offers alternative exits while the caller waits.";
    TOO_MANY_KEYS = "{who} binds {count} alternative keys; a keypad has 12.";
    BIND_EACH_KEY_ONCE = "Bind each of `0-9 * #` at most once.";
    HANDLING_NOT_SUPPORTED = "{who} has an error-handling setting, but {kind} has no error-handling section.";
    RESET_HANDLING = "Reset error handling to \"Use default behavior\" (remove `error_handling`).";
    FOLLOW_EXIT_UNKNOWN = "{who}: error handling follows exit `{exit}`, which the component does not have.";
    NO_EXIT_TO_FOLLOW = "The component has no exit to follow; use End flow or a custom exit.";
    FOLLOW_ONE_OF = "Follow one of: {exits}.";
    FOLLOW_EXIT_UNCONNECTED = "{who}: error handling follows exit `{exit}`, which is not connected, so an error hangs up the call.";
    CONNECT_OR_END = "Connect `{exit}`, or choose End flow if hanging up is intended.";
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.len() {
        keys(ctx, i);
        error_handling(ctx, i);
    }
}

fn keys(ctx: &mut Ctx<'_>, i: usize) {
    let c = ctx.comp(i);
    if c.alternative_keys.is_empty() {
        return;
    }
    let spec = c.kind.spec();
    if !spec.alternative_keys {
        let keys: Vec<String> = c.alternative_keys.keys().map(ToString::to_string).collect();
        ctx.report(
            codes::KEYS_NOT_SUPPORTED,
            Some(i),
            None,
            words!(KEYS_NOT_SUPPORTED, REMOVE_KEYS; who = ctx.subject(i), keys = keys.join(", "), kind = c.kind),
            ctx.path(i, ".alternative_keys"),
        );
    } else if c.alternative_keys.len() > 12 {
        // Unreachable with today's key type; kept so a wider key type cannot slip through.
        ctx.report(
            codes::TOO_MANY_KEYS,
            Some(i),
            None,
            words!(TOO_MANY_KEYS, BIND_EACH_KEY_ONCE; who = ctx.subject(i), count = c.alternative_keys.len()),
            ctx.path(i, ".alternative_keys"),
        );
    }
}

fn error_handling(ctx: &mut Ctx<'_>, i: usize) {
    let c = ctx.comp(i);
    if c.error_handling.is_default() {
        return;
    }
    let spec = c.kind.spec();
    if !spec.supports_error_handling() {
        ctx.report(
            codes::ERROR_HANDLING_NOT_SUPPORTED,
            Some(i),
            None,
            words!(HANDLING_NOT_SUPPORTED, RESET_HANDLING; who = ctx.subject(i), kind = c.kind),
            ctx.path(i, ".error_handling"),
        );
        return;
    }
    if let ErrorHandling::FollowExit { exit } = &c.error_handling {
        let valid: Vec<&str> =
            ctx.exits(i).iter().filter(|e| e.connectable).map(|e| e.name.as_ref()).collect();
        if !valid.contains(&exit.as_str()) {
            // With an unparsable config the dynamic exits are unknown: say so rather than guess.
            let who = ctx.subject(i);
            ctx.report(
                codes::FOLLOW_EXIT_UNKNOWN,
                Some(i),
                Some(exit),
                if valid.is_empty() {
                    words!(FOLLOW_EXIT_UNKNOWN, NO_EXIT_TO_FOLLOW; who = who, exit = exit)
                } else {
                    words!(FOLLOW_EXIT_UNKNOWN, FOLLOW_ONE_OF; who = who, exit = exit, exits = valid.join(", "))
                },
                ctx.path(i, ".error_handling.exit"),
            );
        } else if c.target(exit).is_none() && ctx.exit_info(i, exit).is_some_and(|e| e.fallback.is_none()) {
            ctx.report(
                codes::FOLLOW_EXIT_UNCONNECTED,
                Some(i),
                Some(exit),
                words!(FOLLOW_EXIT_UNCONNECTED, CONNECT_OR_END; who = ctx.subject(i), exit = exit),
                ctx.path(i, &format!(".exits{}", path_key(exit))),
            );
        }
    }
}
