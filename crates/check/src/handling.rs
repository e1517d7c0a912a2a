//! Alternative keys (G6, §5.3) and the error-handling section (G5, §5.4).
//!
//! Keys: only kinds the catalog marks as taking keys may bind them. The document's key map
//! cannot hold a key twice or more than twelve keys; duplicates in the file text are found by
//! [`crate::source`]. Error handling: kinds without the section must keep "Use default
//! behavior"; `follow_exit` must name one of the component's own connectable exits.

use callflow_model::ErrorHandling;

use crate::{Ctx, codes, path_key};

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
        ctx.emit(
            codes::KEYS_NOT_SUPPORTED,
            Some(i),
            None,
            format!("{} binds alternative keys ({}), but {} does not take alternative keys.", ctx.who(i), keys.join(", "), spec.label),
            "Remove the key bindings; only Assignment and dial offers alternative exits while the caller waits.",
            ctx.path(i, ".alternative_keys"),
        );
    } else if c.alternative_keys.len() > 12 {
        // Unreachable with today's key type; kept so a wider key type cannot slip through.
        ctx.emit(
            codes::TOO_MANY_KEYS,
            Some(i),
            None,
            format!("{} binds {} alternative keys; a keypad has 12.", ctx.who(i), c.alternative_keys.len()),
            "Bind each of `0-9 * #` at most once.",
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
        ctx.emit(
            codes::ERROR_HANDLING_NOT_SUPPORTED,
            Some(i),
            None,
            format!(
                "{} has an error-handling setting, but {} has no error-handling section.",
                ctx.who(i),
                spec.label
            ),
            "Reset error handling to \"Use default behavior\" (remove `error_handling`).",
            ctx.path(i, ".error_handling"),
        );
        return;
    }
    if let ErrorHandling::FollowExit { exit } = &c.error_handling {
        let valid: Vec<&str> =
            ctx.exits(i).iter().filter(|e| e.connectable).map(|e| e.name.as_ref()).collect();
        if !valid.contains(&exit.as_str()) {
            // With an unparsable config the dynamic exits are unknown: say so rather than guess.
            ctx.emit(
                codes::FOLLOW_EXIT_UNKNOWN,
                Some(i),
                Some(exit),
                format!(
                    "{}: error handling follows exit `{exit}`, which the component does not have.",
                    ctx.who(i)
                ),
                if valid.is_empty() {
                    "The component has no exit to follow; use End flow or a custom exit.".to_string()
                } else {
                    format!("Follow one of: {}.", valid.join(", "))
                },
                ctx.path(i, ".error_handling.exit"),
            );
        } else if c.target(exit).is_none() && ctx.exit_info(i, exit).is_some_and(|e| e.fallback.is_none()) {
            ctx.emit(
                codes::FOLLOW_EXIT_UNCONNECTED,
                Some(i),
                Some(exit),
                format!(
                    "{}: error handling follows exit `{exit}`, which is not connected, so an error hangs up the call.",
                    ctx.who(i)
                ),
                format!("Connect `{exit}`, or choose End flow if hanging up is intended."),
                ctx.path(i, &format!(".exits{}", path_key(exit))),
            );
        }
    }
}
