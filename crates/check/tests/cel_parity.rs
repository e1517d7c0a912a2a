//! Parity of the two CEL parsers in the product: the checks parse expressions with cel's Pratt
//! parser (`callflow_check::parse_expression`, fast enough to run on every edit), the engine
//! compiles them with `cel::Program::compile` (cel's ANTLR parser). A flow that validates clean
//! must compile, and an expression the checks reject must not run; so on every expression of the
//! sample flows, a corpus of valid and invalid expressions, and generated ones, both must agree
//! on accept/reject.
//!
//! Known, intended differences: the checks refuse an empty expression and one over 10,000
//! characters before parsing (not in the corpus), and `[,]` / `{,}`, which only the engine's
//! parser accepts (tested below). Mixed prefix operators (`!-x`), which only the Pratt parser
//! accepted, are refused by the checks (`src/cel_compat.rs`).

use std::path::Path;

use proptest::prelude::*;

/// Whether the engine's parser accepts `source` (as the engine calls it: trimmed). A panic in
/// the parser counts as a rejection, and is reported by [`disagreement`] as such.
fn engine_accepts(source: &str) -> Result<bool, String> {
    let trimmed = source.trim().to_string();
    std::panic::catch_unwind(move || cel::Program::compile(&trimmed).is_ok())
        .map_err(|_| format!("cel::Program::compile panicked on {source:?}"))
}

/// `None` when both parsers agree on `source`, else what each said. The known difference (see
/// [`empty_collections_with_a_lone_comma_are_refused_by_the_checks_only`]) counts as agreement:
/// token soup makes `{ , }` now and then.
fn disagreement(source: &str) -> Option<String> {
    let check = callflow_check::parse_expression(source);
    match engine_accepts(source) {
        Ok(engine) if engine == check.is_ok() => None,
        Ok(true) if has_empty_collection_with_a_lone_comma(source) => None,
        Ok(engine) => Some(format!("{source:?}: checks {check:?}, engine accepts: {engine}")),
        Err(panic) => Some(format!("{panic}; checks {check:?}")),
    }
}

/// Whether `source` holds `[,]` or `{,}` (spaces aside), which only the engine's parser accepts.
fn has_empty_collection_with_a_lone_comma(source: &str) -> bool {
    let compact: String = source.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("[,]") || compact.contains("{,}")
}

fn assert_agree(sources: &[&str]) {
    let problems: Vec<String> = sources.iter().filter_map(|s| disagreement(s)).collect();
    assert!(problems.is_empty(), "the parsers disagree:\n{}", problems.join("\n"));
}

/// Every string under an `expression` key, anywhere in the file.
fn expressions_in(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("expression", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => expressions_in(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| expressions_in(v, out)),
        _ => {}
    }
}

#[test]
fn sample_flow_expressions_parse_alike() {
    let flows = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&flows).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".callflow.json") {
            let text = std::fs::read_to_string(&path).unwrap();
            expressions_in(&serde_json::from_str(&text).unwrap(), &mut found);
        }
    }
    assert!(found.len() >= 5, "expected the samples' expressions, found {found:?}");
    let sources: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_agree(&sources);
    // And they are all valid: the samples validate clean.
    for s in &sources {
        assert!(callflow_check::parse_expression(s).is_ok(), "{s}");
    }
}

const VALID: &[&str] = &[
    "vip",
    "vip && score > 10",
    "call.ani.startsWith(\"+420\") || size(digits) == 3",
    "score + 1",
    "score * 2 + 1 - 4 / 2 % 3",
    "-score",
    "!vip",
    "\"gold\"",
    "'single'",
    "\"escaped \\\" quote \\n \\u00e9\"",
    "r\"raw \\d+\"",
    "\"\"\"triple\nquoted\"\"\"",
    "b\"bytes\"",
    "1u",
    "0x1F",
    "1e3",
    "-1.5",
    "true",
    "null",
    "[1, 2, 3]",
    "[]",
    "{\"a\": 1, \"b\": [true]}",
    "{}",
    "vip ? \"a\" : \"b\"",
    "a ? b ? 1 : 2 : 3",
    "x in [1, 2]",
    "\"k\" in {\"k\": 1}",
    "list[0]",
    "map[\"key\"].field",
    "a.b.c.d",
    "has(call.ani)",
    "list.all(x, x > 0)",
    "list.exists(x, x == 1)",
    "list.exists_one(x, x == 1)",
    "list.map(x, x * 2)",
    "list.filter(x, x > 1)",
    "list.map(x, x > 1, x * 2)",
    "size(\"abc\") == 3",
    "\"abc\".size()",
    "\"abc\".matches(\"^a\")",
    "timestamp(\"2026-01-01T00:00:00Z\") < now",
    "duration(\"1h\")",
    "int(\"3\") + double(1)",
    "string(3) + \"x\"",
    "type(x) == int",
    "(((a)))",
    "a < b && b <= c || c >= d && d != e",
    "  spaced   \n  out  ",
    "call.ani == \"+420 123\" && syskey.lang == \"cs\"",
    ".top_level",
    "!-1",
    "! -1",
    "!!x",
    "--x",
    "!(-x)",
    "a - !b",
    "Msg{field: 1}",
    "a.b{c: 1}",
    "f(a, b, c)",
    "a.f()",
    "[1, 2,]",
    "{\"a\": 1,}",
];

const INVALID: &[&str] = &[
    "score ==",
    "(a",
    "a)",
    "a +",
    "1 +* 2",
    "\"unterminated",
    "'mixed\"",
    "a..b",
    "}",
    "a b",
    "[1, 2",
    "{1: }",
    "a ? b",
    "1 = 1",
    "a &&",
    "&& a",
    "a ||| b",
    "if",
    "var",
    "package",
    "in",
    "a.1",
    "1a",
    "#",
    "$x",
    "a @ b",
    "\"\\q\"",
    "has(a)",
    "list.all(1, x)",
    "list.map(x)",
    "a.b(",
    ",",
    "f(,)",
    "a[]",
    "!",
    "-",
    "?",
    ":",
    "0x",
    "1e",
    "\"a\" \"b\"",
    // Mixed prefix operators: the grammar allows `!!x` or `--x`, not `!-x` (see cel_compat.rs).
    "!-x",
    "-!x",
    "a && !-b",
    "- ! -1",
];

/// The one known difference: the CEL grammar allows a lone trailing comma in an empty list or
/// map, cel's Pratt parser does not. The checks are stricter there (safe: what validates still
/// compiles). If cel changes either parser, this test says so.
#[test]
fn empty_collections_with_a_lone_comma_are_refused_by_the_checks_only() {
    for source in ["[,]", "{,}", "f([,])", "{ , } + has"] {
        assert!(callflow_check::parse_expression(source).is_err(), "{source}");
        assert_eq!(engine_accepts(source), Ok(true), "{source}");
        assert!(has_empty_collection_with_a_lone_comma(source), "{source}");
    }
    // Anything else the checks refuse and the engine accepts is still a disagreement.
    assert!(
        !has_empty_collection_with_a_lone_comma("[1,]") && !has_empty_collection_with_a_lone_comma("{,a}")
    );
}

#[test]
fn valid_corpus_parses_alike() {
    assert_agree(VALID);
}

#[test]
fn invalid_corpus_parses_alike() {
    assert_agree(INVALID);
}

/// Expressions from a small CEL grammar (valid by construction), and token soup (mostly not).
fn grammar() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-z][a-z0-9_]{0,6}",
        (0u32..1000).prop_map(|n| n.to_string()),
        "[a-z ]{0,6}".prop_map(|s| format!("\"{s}\"")),
        Just("true".to_string()),
        Just("null".to_string()),
        "[a-z]{1,4}\\.[a-z]{1,4}",
    ];
    leaf.prop_recursive(4, 32, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec![
                    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in"
                ]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("!{a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| format!("{a} ? {b} : {c}")),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("size({a}) + {b}")),
            inner.clone().prop_map(|a| format!("xs.exists(x, x == {a})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a}[{b}]")),
        ]
    })
}

fn token_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "a", "b.c", "1", "2.5", "\"s\"", "(", ")", "[", "]", "{", "}", ",", ":", "?", "+", "-", "*", "/",
        "==", "<", "&&", "||", "!", ".", "in", "has", "size", "true", "null", "x", "=>", "'", "\"",
    ]);
    prop::collection::vec(token, 1..8).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_expressions_parse_alike(source in grammar()) {
        let problem = disagreement(&source);
        prop_assert!(problem.is_none(), "{}", problem.unwrap_or_default());
    }

    #[test]
    fn token_soup_parses_alike(source in token_soup()) {
        let problem = disagreement(&source);
        prop_assert!(problem.is_none(), "{}", problem.unwrap_or_default());
    }
}
