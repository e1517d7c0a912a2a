//! Expressions: conditions and assignments in CEL (the `cel` crate), over flow variables.
//!
//! An [`Expr`] is compiled once when the flow is compiled. Evaluating it binds only the
//! identifiers the expression references: flow variables by name, `call` (a map with `id`,
//! `ani`, `dnis`, `now`) and `syskey` (the system variables of §4.7, e.g.
//! `syskey.reschedule_agent_call`). An unset variable is bound to `null`.
//!
//! Very simple expressions (a literal, a variable, or `variable <op> literal`) skip the CEL
//! interpreter: they are evaluated by a small fast path with the same semantics, which keeps the
//! stepping budget (millions of steps per second) within reach for the common cases.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use cel::objects::{Key, Map};
use cel::{Context, Env, Program, Value as CelValue};
use serde_json::Value;

/// Where an expression reads its inputs from.
pub trait Scope {
    /// The value of flow variable `name` (`None` when it is not declared).
    fn var(&self, name: &str) -> Option<&Value>;
    /// The `syskey.*` variables.
    fn syskeys(&self) -> &BTreeMap<String, Value>;
    /// The `call` map.
    fn call(&self) -> Value;
}

/// A compiled expression.
#[derive(Clone)]
pub struct Expr {
    source: Arc<str>,
    kind: ExprKind,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Expr({:?})", self.source)
    }
}

#[derive(Clone)]
enum ExprKind {
    Literal(Value),
    Var(String),
    Compare(String, Op, Value),
    Cel { program: Arc<Program>, idents: Arc<[String]> },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

fn env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| Arc::new(Env::stdlib())).clone()
}

impl Expr {
    /// Compiles `source`; the error says what is wrong with it.
    pub fn compile(source: &str) -> Result<Expr, String> {
        let trimmed = source.trim();
        let kind = match fast_path(trimmed) {
            Some(kind) => kind,
            None => {
                let program = Program::compile(trimmed).map_err(|e| e.to_string())?;
                let refs = program.references();
                let idents: Vec<String> = refs.variables().into_iter().map(str::to_string).collect();
                ExprKind::Cel { program: Arc::new(program), idents: idents.into() }
            }
        };
        Ok(Expr { source: source.into(), kind })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the expression; errors say which identifier or operation failed.
    pub fn eval(&self, scope: &dyn Scope) -> Result<Value, String> {
        match &self.kind {
            ExprKind::Literal(v) => Ok(v.clone()),
            ExprKind::Var(name) => lookup(scope, name),
            ExprKind::Compare(name, op, lit) => {
                let left = lookup(scope, name)?;
                compare(&left, *op, lit).map(Value::Bool)
            }
            ExprKind::Cel { program, idents } => {
                let mut ctx = Context::with_env(env());
                for ident in idents.iter() {
                    let value = match ident.as_str() {
                        "syskey" => Value::Object(
                            scope.syskeys().iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                        ),
                        "call" => scope.call(),
                        name => match scope.var(name) {
                            Some(v) => v.clone(),
                            None => continue,
                        },
                    };
                    ctx.add_variable_from_value(ident.clone(), to_cel(&value));
                }
                let out = program.execute(&ctx).map_err(|e| e.to_string())?;
                from_cel(&out)
            }
        }
    }

    /// Evaluates a condition: it must give a boolean.
    pub fn eval_bool(&self, scope: &dyn Scope) -> Result<bool, String> {
        match self.eval(scope)? {
            Value::Bool(b) => Ok(b),
            other => Err(format!("`{}` gave {other}, not true or false", self.source)),
        }
    }
}

fn lookup(scope: &dyn Scope, name: &str) -> Result<Value, String> {
    if let Some(key) = name.strip_prefix("syskey.") {
        return Ok(scope.syskeys().get(key).cloned().unwrap_or(Value::Null));
    }
    scope.var(name).cloned().ok_or_else(|| format!("undeclared reference to '{name}'"))
}

fn compare(left: &Value, op: Op, right: &Value) -> Result<bool, String> {
    use std::cmp::Ordering;
    let ord = match (left, right) {
        (Value::Number(a), Value::Number(b)) => {
            a.as_f64().unwrap_or(f64::NAN).partial_cmp(&b.as_f64().unwrap_or(f64::NAN))
        }
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        _ => None,
    };
    match (op, ord) {
        (Op::Eq, o) => Ok(o == Some(Ordering::Equal)),
        (Op::Ne, o) => Ok(o != Some(Ordering::Equal)),
        (_, None) => Err(format!("no such overload: cannot order {left} and {right}")),
        (Op::Lt, Some(o)) => Ok(o == Ordering::Less),
        (Op::Le, Some(o)) => Ok(o != Ordering::Greater),
        (Op::Gt, Some(o)) => Ok(o == Ordering::Greater),
        (Op::Ge, Some(o)) => Ok(o != Ordering::Less),
    }
}

fn is_ident(s: &str) -> bool {
    let mut parts = s.split('.');
    let ok = |p: &str| {
        let mut c = p.chars();
        matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_')
            && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    };
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if !ok(first) || matches!(first, "true" | "false" | "null" | "in") {
        return false;
    }
    // Only `syskey.x` takes the fast path among dotted names.
    rest.is_empty() || (first == "syskey" && rest.len() == 1 && ok(rest[0]))
}

fn literal(s: &str) -> Option<Value> {
    match s {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        "null" => return Some(Value::Null),
        _ => {}
    }
    if let Ok(i) = s.parse::<i64>() {
        return Some(Value::from(i));
    }
    if s.contains('.')
        && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && let Ok(f) = s.parse::<f64>()
    {
        return serde_json::Number::from_f64(f).map(Value::Number);
    }
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            let inner = &s[1..s.len() - 1];
            if !inner.contains(q) && !inner.contains('\\') {
                return Some(Value::String(inner.to_string()));
            }
        }
    }
    None
}

fn fast_path(s: &str) -> Option<ExprKind> {
    if let Some(v) = literal(s) {
        return Some(ExprKind::Literal(v));
    }
    if is_ident(s) {
        return Some(ExprKind::Var(s.to_string()));
    }
    for (tok, op) in
        [("==", Op::Eq), ("!=", Op::Ne), ("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)]
    {
        if let Some((l, r)) = s.split_once(tok) {
            let (l, r) = (l.trim(), r.trim());
            if r.contains(['<', '>', '=', '!']) {
                return None;
            }
            if is_ident(l)
                && let Some(lit) = literal(r)
            {
                // Mixed int/float comparisons behave like CEL's numeric comparison.
                return Some(ExprKind::Compare(l.to_string(), op, lit));
            }
            return None;
        }
    }
    None
}

/// JSON -> CEL value.
pub fn to_cel(value: &Value) -> CelValue {
    match value {
        Value::Null => CelValue::Null,
        Value::Bool(b) => CelValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => CelValue::Int(i),
            None => CelValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => CelValue::String(Arc::new(s.clone())),
        Value::Array(items) => CelValue::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Object(map) => {
            let entries: std::collections::HashMap<Key, CelValue> =
                map.iter().map(|(k, v)| (Key::String(Arc::new(k.clone())), to_cel(v))).collect();
            CelValue::Map(Map { map: Arc::new(entries) })
        }
    }
}

/// CEL -> JSON value; values with no JSON form are an error.
pub fn from_cel(value: &CelValue) -> Result<Value, String> {
    Ok(match value {
        CelValue::Null => Value::Null,
        CelValue::Bool(b) => Value::Bool(*b),
        CelValue::Int(i) => Value::from(*i),
        CelValue::UInt(u) => Value::from(*u),
        CelValue::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .ok_or_else(|| format!("{f} is not a finite number"))?,
        CelValue::String(s) => Value::String(s.to_string()),
        CelValue::List(items) => Value::Array(items.iter().map(from_cel).collect::<Result<_, _>>()?),
        CelValue::Map(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map.map.iter() {
                let key = match k {
                    Key::String(s) => s.to_string(),
                    Key::Int(i) => i.to_string(),
                    Key::Uint(u) => u.to_string(),
                    Key::Bool(b) => b.to_string(),
                };
                out.insert(key, from_cel(v)?);
            }
            Value::Object(out)
        }
        other => return Err(format!("a value of type {:?} cannot be stored in a variable", other.type_of())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Vars(BTreeMap<String, Value>, BTreeMap<String, Value>);
    impl Scope for Vars {
        fn var(&self, name: &str) -> Option<&Value> {
            self.0.get(name)
        }
        fn syskeys(&self) -> &BTreeMap<String, Value> {
            &self.1
        }
        fn call(&self) -> Value {
            json!({"ani": "+420111"})
        }
    }

    fn vars() -> Vars {
        let mut v = BTreeMap::new();
        v.insert("score".into(), json!(4));
        v.insert("vip".into(), json!(true));
        v.insert("name".into(), json!("Ana"));
        let mut s = BTreeMap::new();
        s.insert("reschedule_agent_call".into(), json!(false));
        Vars(v, s)
    }

    #[test]
    fn fast_path_and_cel_agree() {
        let scope = vars();
        for (src, want) in [
            ("score == 4", json!(true)),
            ("score > 4", json!(false)),
            ("score >= 4", json!(true)),
            ("name == 'Ana'", json!(true)),
            ("vip", json!(true)),
            ("syskey.reschedule_agent_call", json!(false)),
            ("score + 1", json!(5)),
            ("vip && score > 3", json!(true)),
            ("call.ani.startsWith('+420')", json!(true)),
            ("syskey.reschedule_agent_call == false", json!(true)),
            ("\"x\"", json!("x")),
            ("[1, 2].size()", json!(2)),
        ] {
            let e = Expr::compile(src).unwrap();
            assert_eq!(e.eval(&scope).unwrap(), want, "{src}");
        }
    }

    #[test]
    fn errors_are_reported_not_panics() {
        assert!(Expr::compile("score ==").is_err());
        let scope = vars();
        assert!(Expr::compile("nope + 1").unwrap().eval(&scope).is_err());
        assert!(Expr::compile("missing").unwrap().eval(&scope).is_err());
        assert!(Expr::compile("score").unwrap().eval_bool(&scope).is_err());
        assert!(Expr::compile("name < 3").unwrap().eval(&scope).is_err());
    }
}
