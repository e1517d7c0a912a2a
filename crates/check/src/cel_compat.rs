//! What cel's Pratt parser (used by the checks, fast enough for every edit) accepts but the
//! engine's parser (`cel::Program::compile`, cel's ANTLR grammar) rejects, found by the parity
//! test `tests/cel_parity.rs` over every expression of up to three tokens and generated ones.
//!
//! One difference is known: a run of prefix operators mixing `!` and `-` (`!-x`, `-!x`). The
//! CEL grammar allows a run of `!` or a run of `-` before an operand, not both
//! (`unary: member | '!'+ member | '-'+ member`); a `-` directly before a number is the number's
//! sign, not an operator (`!-1` and `! - 1` are valid, `!-1u` is not). The Pratt parser nests them freely; an expression it
//! accepted is scanned here, and one the engine would refuse gets the engine's verdict.
//!
//! (The other way round, the Pratt parser refuses `[,]` and `{,}`, which the grammar allows: the
//! checks are stricter there, which is safe: a flow that validates still compiles.)

/// Why `source` (which cel's Pratt parser accepted) would not compile in the engine, if it
/// would not.
pub(crate) fn engine_rejects(source: &str) -> Option<String> {
    let tokens = tokens(source);
    // Whether the next token starts an operand (so `-` is a prefix operator, not a minus).
    let mut operand_expected = true;
    let mut run_start: Option<usize> = None;
    let (mut nots, mut negs) = (0, 0);
    for (n, token) in tokens.iter().enumerate() {
        let prefix = operand_expected && matches!(token.kind, Kind::Punct("!") | Kind::Punct("-"));
        // `-` before a signed number literal is the literal's sign, part of the operand
        // (`literal: '-'? NUM_INT | '-'? NUM_FLOAT`; unsigned `1u` takes no sign).
        let sign = prefix
            && token.kind == Kind::Punct("-")
            && tokens.get(n + 1).is_some_and(|next| next.kind == Kind::Number && !next.unsigned);
        if prefix && !sign {
            run_start.get_or_insert(token.at);
            if token.kind == Kind::Punct("!") {
                nots += 1;
            } else {
                negs += 1;
            }
            continue;
        }
        if let Some(at) = run_start.take()
            && nots > 0
            && negs > 0
        {
            return Some(format!(
                "`!` and `-` cannot be combined in front of one operand (column {}); add parentheses, e.g. `!(-x)`",
                column(source, at)
            ));
        }
        (nots, negs) = (0, 0);
        operand_expected = match token.kind {
            Kind::Operand | Kind::Number => false,
            Kind::Punct(p) => !matches!(p, ")" | "]" | "}"),
        };
        if sign {
            operand_expected = true; // The number follows.
        }
    }
    None
}

/// 1-based column of byte offset `at`.
fn column(source: &str, at: usize) -> usize {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    source[line_start..at].chars().count() + 1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An identifier, keyword or string literal: something that ends an operand.
    Operand,
    Number,
    Punct(&'static str),
}

#[derive(Debug)]
struct Token {
    kind: Kind,
    /// A number literal ending in `u`: takes no sign.
    unsigned: bool,
    /// Byte offset of the token's first character.
    at: usize,
}

const PUNCTS: [&str; 24] = [
    "==", "!=", "<=", ">=", "&&", "||", "!", "-", "+", "*", "/", "%", "<", ">", "?", ":", ",", ".", "(", ")",
    "[", "]", "{", "}",
];

/// A rough CEL lexer, enough to tell operators from operands in an expression that parsed:
/// strings (quotes, triple quotes, raw and bytes prefixes, escapes), numbers, identifiers,
/// comments and punctuation.
fn tokens(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if source[i..].starts_with("//") {
            i = source[i..].find('\n').map_or(bytes.len(), |end| i + end);
        } else if b == b'"' || b == b'\'' {
            let end = string_end(source, i, false);
            out.push(Token { kind: Kind::Operand, unsigned: false, at: i });
            i = end;
        } else if matches!(b, b'r' | b'R' | b'b' | b'B') && string_start(source, i).is_some() {
            let (quote_at, raw) = string_start(source, i).unwrap_or((i, false));
            out.push(Token { kind: Kind::Operand, unsigned: false, at: i });
            i = string_end(source, quote_at, raw);
        } else if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                // `1.5`, `1e3`, `0x1F`, `3u`; a `.` only when a digit follows (`1.size()` is rare).
                if bytes[i] == b'.' && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                if matches!(bytes[i], b'e' | b'E') && matches!(bytes.get(i + 1), Some(b'+' | b'-')) {
                    i += 1;
                }
                i += 1;
            }
            let unsigned = matches!(bytes[i - 1], b'u' | b'U');
            out.push(Token { kind: Kind::Number, unsigned, at: start });
        } else if b.is_ascii_alphabetic() || b == b'_' || b == b'`' {
            let start = i;
            if b == b'`' {
                i = source[i + 1..].find('`').map_or(bytes.len(), |end| i + end + 2);
            } else {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            // `in` is an operator: an operand follows it.
            let kind = if &source[start..i] == "in" { Kind::Punct("in") } else { Kind::Operand };
            out.push(Token { kind, unsigned: false, at: start });
        } else if let Some(p) = PUNCTS.iter().find(|p| source[i..].starts_with(**p)) {
            out.push(Token { kind: Kind::Punct(p), unsigned: false, at: i });
            i += p.len();
        } else {
            // Anything else (non-ASCII inside an identifier-like run, `@`...) did not stop the
            // parser; treat it as part of an operand.
            let len = source[i..].chars().next().map_or(1, char::len_utf8);
            out.push(Token { kind: Kind::Operand, unsigned: false, at: i });
            i += len;
        }
    }
    out
}

/// If a string literal with a prefix (`r"..."`, `b'...'`, `rb"..."`) starts at `i`: where its
/// quote is and whether it is raw.
fn string_start(source: &str, i: usize) -> Option<(usize, bool)> {
    let bytes = source.as_bytes();
    let mut j = i;
    let mut raw = false;
    while j < bytes.len() && j < i + 2 && matches!(bytes[j], b'r' | b'R' | b'b' | b'B') {
        raw |= matches!(bytes[j], b'r' | b'R');
        j += 1;
    }
    (j < bytes.len() && matches!(bytes[j], b'"' | b'\'')).then_some((j, raw))
}

/// The offset just after the string literal whose opening quote is at `quote_at`.
fn string_end(source: &str, quote_at: usize, raw: bool) -> usize {
    let bytes = source.as_bytes();
    let q = bytes[quote_at];
    let triple = bytes.get(quote_at + 1) == Some(&q) && bytes.get(quote_at + 2) == Some(&q);
    let mut i = quote_at + if triple { 3 } else { 1 };
    while i < bytes.len() {
        if bytes[i] == b'\\' && !raw {
            i += 2;
            continue;
        }
        if bytes[i] == q {
            if !triple {
                return i + 1;
            }
            if bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q) {
                return i + 3;
            }
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::engine_rejects;

    #[test]
    fn mixed_prefix_runs_are_found_and_signs_are_not_operators() {
        for bad in [
            "!-x", "-!x", "! - a", "- ! 1", "a + -!b", "f(!-x)", "[1, -!x]", "!!-x", "! - -1", "!-1u",
            "a in !-a",
        ] {
            assert!(engine_rejects(bad).is_some(), "{bad}");
        }
        for good in [
            "!x",
            "--x",
            "!!x",
            "!-1",
            "! -1",
            "! - 1",
            "! - 2.5",
            "a - !b == c",
            "a-1",
            "x - -1",
            "!(-x)",
            "-(!x)",
            "\"!-\" + a",
            "r'-!' == b",
            "\"\"\"!-x\"\"\"",
            "a // !-x comment",
            "1.5 - 2",
            "1e-3 - x",
            "a in !b",
            "a in -1",
            "a in [-x]",
            "index - !b",
        ] {
            assert_eq!(engine_rejects(good), None, "{good}");
        }
    }
}
