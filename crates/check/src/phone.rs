//! Literal phone numbers must be E.164: `+`, country code, number; digits only; at most 15
//! digits (CF0701, an error). A number of that shape that libphonenumber's metadata (the
//! `phonenumber` crate) does not know as a valid number of its country is a warning (CF0702):
//! test and fictional ranges are common in designs.
//!
//! Checked wherever a literal number appears: `forward_external` number and caller id,
//! `register_callback` callback number and outbound ANI, `make_call` numbers and caller id,
//! `request_direct_callback` number and outbound caller id. Numbers held in variables are
//! checked at run time.
//!
//! The metadata lookup costs tens of microseconds, so its verdicts are cached per process.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use callflow_model::ComponentConfig;
use callflow_model::config::{CallerId, ValueSource};

use crate::message::{Template, words};
use crate::{Ctx, codes};

crate::message::templates! { "phone";
    NOT_E164 = "{who}: `{number}` is not an E.164 phone number: {why}.";
    WRITE_E164 = "Write the number as `+`, country code and number, digits only, e.g. `+420601234567`.";
    EMPTY = "it is empty";
    NO_PLUS = "it does not start with `+`";
    NOT_ONLY_DIGITS = "only digits may follow the `+` (no spaces, dashes or brackets)";
    COUNTRY_CODE_STARTS_WITH_0 = "country codes do not start with 0";
    TOO_SHORT = "it is too short";
    TOO_LONG = "it has more than 15 digits";
    NOT_VALID = "{who}: `{number}` is not a valid number in its country's numbering plan.";
    CHECK_COUNTRY_CODE_AND_LENGTH = "Check the country code and the number's length.";
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.len() {
        let mut numbers: Vec<(&str, String)> = Vec::new();
        match ctx.config(i) {
            Some(ComponentConfig::ForwardExternal(f)) => {
                literal(&mut numbers, &f.phone_number, ".config.phone_number.literal");
                if let CallerId::Number { number } = &f.caller_id {
                    numbers.push((number, ".config.caller_id.number".into()));
                }
            }
            Some(ComponentConfig::RegisterCallback(r)) => {
                literal(&mut numbers, &r.callback_number, ".config.callback_number.literal");
                numbers.push((&r.outbound_ani, ".config.outbound_ani".into()));
            }
            Some(ComponentConfig::MakeCall(m)) => {
                for (n, v) in m.numbers.iter().enumerate() {
                    literal(&mut numbers, v, &format!(".config.numbers[{n}].literal"));
                }
                numbers.push((&m.caller_id, ".config.caller_id".into()));
            }
            Some(ComponentConfig::RequestDirectCallback(r)) => {
                literal(&mut numbers, &r.number, ".config.number.literal");
                literal(&mut numbers, &r.outbound_caller_id, ".config.outbound_caller_id.literal");
            }
            _ => continue,
        }
        for (number, at) in numbers {
            match verdict(number) {
                Verdict::Valid => {}
                Verdict::NotE164(why) => ctx.report(
                    codes::NOT_E164,
                    Some(i),
                    None,
                    words!(NOT_E164, WRITE_E164; who = ctx.subject(i), number = number, why = why),
                    ctx.path(i, &at),
                ),
                Verdict::NotValid => ctx.report(
                    codes::PHONE_NOT_VALID,
                    Some(i),
                    None,
                    words!(NOT_VALID, CHECK_COUNTRY_CODE_AND_LENGTH; who = ctx.subject(i), number = number),
                    ctx.path(i, &at),
                ),
            }
        }
    }
}

fn literal<'c>(out: &mut Vec<(&'c str, String)>, v: &'c ValueSource, at: &str) {
    if let ValueSource::Literal(s) = v {
        out.push((s, at.to_string()));
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Valid,
    /// Why not, a phrase.
    NotE164(&'static Template),
    NotValid,
}

/// Whether `number` is E.164 and valid per the numbering-plan metadata.
pub(crate) fn verdict(number: &str) -> Verdict {
    let Some(digits) = number.strip_prefix('+') else {
        return Verdict::NotE164(if number.trim().is_empty() { EMPTY } else { NO_PLUS });
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Verdict::NotE164(NOT_ONLY_DIGITS);
    }
    if digits.starts_with('0') {
        return Verdict::NotE164(COUNTRY_CODE_STARTS_WITH_0);
    }
    if digits.len() < 4 {
        return Verdict::NotE164(TOO_SHORT);
    }
    if digits.len() > 15 {
        return Verdict::NotE164(TOO_LONG);
    }
    static CACHE: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(&valid) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(number) {
        return if valid { Verdict::Valid } else { Verdict::NotValid };
    }
    let valid = phonenumber::parse(None, number).is_ok_and(|n| phonenumber::is_valid(&n));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() > 50_000 {
        cache.clear();
    }
    cache.insert(number.to_string(), valid);
    if valid { Verdict::Valid } else { Verdict::NotValid }
}
