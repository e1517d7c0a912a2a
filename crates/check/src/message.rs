//! A finding's words as a template and named arguments, so that a UI can word it in its own
//! language.
//!
//! Each rule module declares the templates it uses with [`templates!`]: an id (`module.NAME`)
//! and English text in which `{name}` marks an argument. A rule reports with [`words!`], naming
//! the message's template, the hint's template and the arguments both share. The diagnostic
//! carries the English rendering (`message`, `hint`, what the CLI and the files show) and the
//! template ids with the arguments ([`Wording`]); the UI words those in Czech from its own
//! table, which `ui/src/test/i18n.test.ts` checks against the list of every template
//! (`ui/src/lib/i18n/checks.en.json`, written by this crate's tests; see [`ALL`]).
//!
//! Arguments are typed where another language words them differently: a component is named
//! with its kind's label, a kind by its label, a fixed [`Arg::Phrase`] (a template without
//! arguments, e.g. "ring timeout") is translated like a message, and an [`Arg::List`] is a
//! list of any of these. Names, values and the errors of parsers stay as they are; numbers are
//! written as the language writes them.

use std::collections::BTreeMap;

use callflow_model::{ComponentId, ComponentKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A message template: English text in which `{name}` marks where argument `name` goes. A brace
/// that does not enclose a plain lower-case name (`{8,15}`) is text.
#[derive(Debug, PartialEq, Eq)]
pub struct Template {
    /// `module.NAME`, stable: the UI's translations are keyed by it.
    pub id: &'static str,
    pub text: &'static str,
}

/// Declares a rule module's templates as `pub(crate)` constants and lists them in `TEMPLATES`.
macro_rules! templates {
    ($module:literal; $( $name:ident = $text:literal; )*) => {
        $( pub(crate) const $name: &$crate::message::Template =
            &$crate::message::Template { id: concat!($module, ".", stringify!($name)), text: $text }; )*
        /// Every template of this module, for [`crate::message::ALL`].
        pub(crate) const TEMPLATES: &[&$crate::message::Template] = &[$($name,)*];
    };
}
pub(crate) use templates;

/// A finding's words: `words!(MESSAGE, HINT; name = value, …)`. Values are anything that turns
/// into an [`Arg`] (text, numbers, a [`ComponentKind`], an [`Arg`] itself).
macro_rules! words {
    ($message:expr, $hint:expr $(; $( $name:ident = $value:expr ),* $(,)? )?) => {
        $crate::message::Words {
            message: $message,
            hint: $hint,
            args: vec![$($( (stringify!($name), $crate::message::Arg::from($value)) ),*)?],
        }
    };
}
pub(crate) use words;

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// Shown as it is: a name, a value, a parser's error.
    Text(String),
    /// A whole number, written as the language writes numbers (and for its plural forms).
    Number(#[ts(type = "number")] i64),
    /// A component, named with its kind's label: `Menu "Main menu" (main_menu)`.
    Component { id: ComponentId, kind: ComponentKind, name: String },
    /// A kind of component, named by its label.
    Kind(ComponentKind),
    /// A fixed phrase: the id of a template without arguments, translated like a message.
    Phrase(String),
    /// Several arguments, written one after another with commas.
    List(Vec<Arg>),
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

impl From<ComponentKind> for Arg {
    fn from(kind: ComponentKind) -> Arg {
        Arg::Kind(kind)
    }
}

impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(items: Vec<T>) -> Arg {
        Arg::List(items.into_iter().map(Into::into).collect())
    }
}

impl From<&'static Template> for Arg {
    fn from(phrase: &'static Template) -> Arg {
        Arg::Phrase(phrase.id.to_string())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => { $( impl From<$t> for Arg {
        fn from(n: $t) -> Arg { Arg::Number(i64::try_from(n).unwrap_or(i64::MAX)) }
    } )* };
}
number_args!(u8, u16, u32, u64, usize, i32, i64);

impl Arg {
    /// The argument in English.
    fn english(&self) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Number(n) => n.to_string(),
            Arg::Component { id, kind, name } => format!("{} \"{name}\" ({id})", kind.spec().label),
            Arg::Kind(kind) => kind.spec().label.to_string(),
            Arg::Phrase(id) => template(id).map_or_else(|| id.clone(), |t| t.text.to_string()),
            Arg::List(items) => items.iter().map(Arg::english).collect::<Vec<_>>().join(", "),
        }
    }
}

/// The template ids of a finding's message and hint, with the arguments both share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Wording {
    /// The message's template id (`settings.NO_OPTIONS`).
    pub message: String,
    /// The hint's template id.
    pub hint: String,
    #[serde(default)]
    pub args: BTreeMap<String, Arg>,
}

/// What a rule says, before it is rendered: see [`words!`].
#[derive(Debug)]
pub(crate) struct Words {
    pub message: &'static Template,
    pub hint: &'static Template,
    pub args: Vec<(&'static str, Arg)>,
}

impl Words {
    /// The English message and hint, and the wording to translate them.
    pub fn render(self) -> (String, String, Wording) {
        let message = render(self.message, &self.args);
        let hint = render(self.hint, &self.args);
        if cfg!(debug_assertions) {
            for (name, _) in &self.args {
                assert!(
                    placeholders(self.message.text).chain(placeholders(self.hint.text)).any(|p| p == *name),
                    "argument `{name}` is used by neither {} nor {}",
                    self.message.id,
                    self.hint.id
                );
            }
        }
        let wording = Wording {
            message: self.message.id.to_string(),
            hint: self.hint.id.to_string(),
            args: self.args.into_iter().map(|(name, arg)| (name.to_string(), arg)).collect(),
        };
        (message, hint, wording)
    }
}

/// `template` with each `{name}` replaced by its argument in English. A missing argument is a
/// bug in the rule: debug builds panic, release builds leave the placeholder.
fn render(template: &Template, args: &[(&str, Arg)]) -> String {
    let text = template.text;
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').map(|end| &after[..end]).filter(|name| is_name(name)) {
            Some(name) => {
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, arg)) => out.push_str(&arg.english()),
                    None if cfg!(debug_assertions) => {
                        panic!("template {} uses `{{{name}}}`, which was not given", template.id)
                    }
                    None => out.push_str(&rest[start..start + name.len() + 2]),
                }
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The argument names a template uses, in order of appearance.
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|n| is_name(n))
}

/// Every template of every rule module.
pub fn all() -> impl Iterator<Item = &'static Template> {
    ALL.iter().flat_map(|module| module.iter().copied())
}

/// The template with this id.
pub fn template(id: &str) -> Option<&'static Template> {
    all().find(|t| t.id == id)
}

/// The rule modules' template lists.
const ALL: &[&[&Template]] = &[
    crate::TEMPLATES,
    crate::structure::TEMPLATES,
    crate::handling::TEMPLATES,
    crate::settings::TEMPLATES,
    crate::expressions::TEMPLATES,
    crate::phone::TEMPLATES,
    crate::schedule::TEMPLATES,
    crate::post_call::TEMPLATES,
    crate::callbacks::TEMPLATES,
    crate::modules::TEMPLATES,
    crate::dialer::TEMPLATES,
    crate::source::TEMPLATES,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    templates! { "test";
        GREETING = "{who} says {what} to {kind}; `^[0-9]{8,15}$` stays.";
        HINT = "Say it again, {what}.";
        WORD = "a word";
    }

    #[test]
    fn renders_each_kind_of_argument_in_english() {
        let who = Arg::Component { id: "m".into(), kind: ComponentKind::Menu, name: "Main".into() };
        let (message, hint, wording) =
            words!(GREETING, HINT; who = who.clone(), what = WORD, kind = ComponentKind::Voicemail).render();
        // A phrase outside the crate's table (as this test's is) reads as its id.
        assert_eq!(message, "Menu \"Main\" (m) says test.WORD to Voicemail; `^[0-9]{8,15}$` stays.");
        assert_eq!(hint, "Say it again, test.WORD.");
        assert_eq!(wording.message, "test.GREETING");
        assert_eq!(wording.args["who"], who);
        let (list, _, _) =
            words!(HINT, HINT; what = vec![Arg::Kind(ComponentKind::Menu), Arg::Number(3)]).render();
        assert_eq!(list, "Say it again, Menu, 3.");
    }

    #[test]
    fn placeholders_skip_braces_that_are_text() {
        assert_eq!(TEMPLATES.len(), 3);
        assert_eq!(placeholders(GREETING.text).collect::<Vec<_>>(), ["who", "what", "kind"]);
    }

    #[test]
    #[should_panic(expected = "which was not given")]
    fn a_missing_argument_is_a_bug() {
        words!(GREETING, HINT; what = "hi").render();
    }

    #[test]
    #[should_panic(expected = "is used by neither")]
    fn an_unused_argument_is_a_bug() {
        words!(WORD, WORD; what = "hi").render();
    }

    #[test]
    fn template_ids_are_unique_and_texts_not_empty() {
        let mut ids = BTreeSet::new();
        for t in all() {
            assert!(ids.insert(t.id), "template id {} is declared twice", t.id);
            assert!(!t.text.trim().is_empty(), "template {} is empty", t.id);
        }
    }

    /// `ui/src/lib/i18n/checks.en.json` lists every template (id -> English text) for the UI's
    /// translation test; `UPDATE_BINDINGS=1` rewrites it.
    #[test]
    fn ui_list_of_templates_is_current() {
        let list: BTreeMap<&str, &str> = all().map(|t| (t.id, t.text)).collect();
        let fresh = serde_json::to_string_pretty(&list).expect("strings serialize") + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/i18n/checks.en.json");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(path, &fresh).expect("ui/src/lib/i18n is writable");
        } else {
            let written = std::fs::read_to_string(path).unwrap_or_default();
            assert!(
                written == fresh,
                "{path} is out of date: run `make bindings` (or UPDATE_BINDINGS=1 cargo test -p callflow-check) and commit it"
            );
        }
    }
}
