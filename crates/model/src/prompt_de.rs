//! Reading a [`Prompt`] without serde's buffering of internally tagged enums.
//!
//! Why: `Prompt` is tagged by its `type` field, which in a canonical (key-sorted) file comes
//! after `text` or `asset`. serde's derived reader for such enums first copies the whole object
//! into an intermediate buffer, then reads the variant from it; validation reads every
//! component's config on every check, and prompts are in most of them, so that copy was about 6 %
//! of a whole check. This reader takes the fields as they come and builds the variant at the end.
//!
//! It accepts and refuses what the derived reader did, with the same messages (missing `type`,
//! unknown variant, unknown or duplicate field, missing field, wrong type), which the tests in
//! this module pin down, with one exception: serde's reader also took a prompt written as an
//! array (`["tts", "Hello"]`, tag first, fields by position), which the schema and the file
//! format never allowed; it is now refused ("invalid type: sequence, expected internally
//! tagged enum Prompt"). The schema and the TypeScript binding still come from the derives.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::config::Prompt;

/// The `type` tag, read as an identifier (as the derived reader reads a tag).
#[derive(serde::Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case", variant_identifier)]
enum PromptType {
    Tts,
    Audio,
    Variable,
}

/// A key of a prompt object: one of the known fields, or another (kept for the error).
enum Field {
    Type,
    Text,
    Voice,
    Lang,
    Asset,
    Variable,
    Other(String),
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "type" => Field::Type,
                    "text" => Field::Text,
                    "voice" => Field::Voice,
                    "lang" => Field::Lang,
                    "asset" => Field::Asset,
                    "variable" => Field::Variable,
                    other => Field::Other(other.to_string()),
                })
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

const TTS_FIELDS: &[&str] = &["text", "voice", "lang"];
const AUDIO_FIELDS: &[&str] = &["asset"];
const VARIABLE_FIELDS: &[&str] = &["variable"];

impl<'de> Deserialize<'de> for Prompt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Prompt, D::Error> {
        deserializer.deserialize_map(PromptVisitor)
    }
}

struct PromptVisitor;

/// Sets `slot` once; a second value for the same field is an error, as in derived readers.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for PromptVisitor {
    type Value = Prompt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("internally tagged enum Prompt")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Prompt, A::Error> {
        let mut kind: Option<PromptType> = None;
        let mut text: Option<String> = None;
        let mut voice: Option<Option<String>> = None;
        let mut lang: Option<Option<String>> = None;
        let mut asset: Option<String> = None;
        let mut variable: Option<String> = None;
        // Which fields were present, in case the variant turns out not to have them.
        let mut seen: Vec<&'static str> = Vec::new();
        let mut unknown: Option<String> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Type => once(&mut kind, map.next_value()?, "type")?,
                Field::Text => {
                    once(&mut text, map.next_value()?, "text")?;
                    seen.push("text");
                }
                Field::Voice => {
                    once(&mut voice, map.next_value()?, "voice")?;
                    seen.push("voice");
                }
                Field::Lang => {
                    once(&mut lang, map.next_value()?, "lang")?;
                    seen.push("lang");
                }
                Field::Asset => {
                    once(&mut asset, map.next_value()?, "asset")?;
                    seen.push("asset");
                }
                Field::Variable => {
                    once(&mut variable, map.next_value()?, "variable")?;
                    seen.push("variable");
                }
                Field::Other(name) => {
                    map.next_value::<de::IgnoredAny>()?;
                    unknown.get_or_insert(name);
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
        let allowed = match kind {
            PromptType::Tts => TTS_FIELDS,
            PromptType::Audio => AUDIO_FIELDS,
            PromptType::Variable => VARIABLE_FIELDS,
        };
        if let Some(name) = unknown {
            return Err(de::Error::unknown_field(&name, allowed));
        }
        if let Some(name) = seen.iter().find(|name| !allowed.contains(name)) {
            return Err(de::Error::unknown_field(name, allowed));
        }
        Ok(match kind {
            PromptType::Tts => Prompt::Tts {
                text: text.ok_or_else(|| de::Error::missing_field("text"))?,
                voice: voice.flatten(),
                lang: lang.flatten(),
            },
            PromptType::Audio => {
                Prompt::Audio { asset: asset.ok_or_else(|| de::Error::missing_field("asset"))? }
            }
            PromptType::Variable => {
                Prompt::Variable { variable: variable.ok_or_else(|| de::Error::missing_field("variable"))? }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::config::Prompt;

    /// The enum as serde derives its reader, to compare verdicts and messages with (named
    /// `Prompt` too, since messages name the type).
    mod derived {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
        pub enum Prompt {
            Tts {
                text: String,
                #[serde(default)]
                voice: Option<String>,
                #[serde(default)]
                lang: Option<String>,
            },
            Audio {
                asset: String,
            },
            Variable {
                variable: String,
            },
        }
    }
    use derived::Prompt as Derived;

    fn same(derived: &Derived, prompt: &Prompt) -> bool {
        match (derived, prompt) {
            (Derived::Tts { text, voice, lang }, Prompt::Tts { text: t, voice: v, lang: l }) => {
                text == t && voice == v && lang == l
            }
            (Derived::Audio { asset }, Prompt::Audio { asset: a }) => asset == a,
            (Derived::Variable { variable }, Prompt::Variable { variable: v }) => variable == v,
            _ => false,
        }
    }

    #[test]
    fn the_array_form_serde_accepted_is_refused() {
        for case in [json!(["tts", "Hello"]), json!([])] {
            let err = serde_json::from_value::<Prompt>(case.clone()).unwrap_err();
            assert_eq!(err.to_string(), "invalid type: sequence, expected internally tagged enum Prompt");
        }
    }

    #[test]
    fn reads_and_refuses_like_the_derived_reader() {
        let cases = [
            json!({"type": "tts", "text": "Hello"}),
            json!({"text": "Hello", "type": "tts", "voice": "anna", "lang": "cs"}),
            json!({"text": "Hello", "type": "tts", "voice": null}),
            json!({"asset": "welcome.wav", "type": "audio"}),
            json!({"type": "variable", "variable": "greeting"}),
            json!({"text": "Hello"}),
            json!({"type": "video", "text": "x"}),
            json!({"type": "tts"}),
            json!({"type": "audio"}),
            json!({"type": "tts", "text": "x", "asset": "y"}),
            json!({"type": "audio", "asset": "y", "extra": 1}),
            json!({"extra": 1, "type": "variable", "variable": "v"}),
            json!({"type": "tts", "text": 3}),
            json!({"type": 3, "text": "x"}),
            json!("tts"),
            json!(null),
            json!({}),
        ];
        for case in cases {
            let derived = serde_json::from_value::<Derived>(case.clone());
            let ours = serde_json::from_value::<Prompt>(case.clone());
            match (&derived, &ours) {
                (Ok(d), Ok(p)) => assert!(same(d, p), "{case}: {d:?} vs {p:?}"),
                (Err(d), Err(p)) => assert_eq!(d.to_string(), p.to_string(), "{case}"),
                _ => panic!("{case}: derived {derived:?}, ours {ours:?}"),
            }
            // The same from text (another deserializer).
            let text = case.to_string();
            let derived = serde_json::from_str::<Derived>(&text).map_err(|e| e.to_string());
            let ours = serde_json::from_str::<Prompt>(&text).map_err(|e| e.to_string());
            assert_eq!(derived.is_ok(), ours.is_ok(), "{text}");
            if let (Err(d), Err(p)) = (derived, ours) {
                // Ours also says where (line and column); the derived one lost it in its buffer.
                let strip = |m: &str| m.split(" at line ").next().unwrap_or_default().to_string();
                assert_eq!(strip(&d), strip(&p), "{text}");
            }
        }
    }
}
