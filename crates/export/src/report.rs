//! Reports for people and spreadsheets: the test-run report (which saved test calls ran, how
//! they ended, which path each took, and the coverage of components, exits and keys) and the
//! dialer campaign report (one row per attempt), each as CSV and as a self-contained HTML page.
//!
//! CSV follows RFC 4180 (fields with a comma, quote or line break are quoted). HTML escapes
//! every value and needs no script or external file.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use callflow_engine::dialer::{AttemptRow, REPORT_HEADER};
use callflow_engine::testing::{Coverage, TestOutcome, run_file_tests};

/// The saved test calls of one file, run.
#[derive(Debug, Clone, PartialEq)]
pub struct FileTests {
    pub path: String,
    pub flow_id: Option<String>,
    pub flow_name: Option<String>,
    /// Why the file's tests could not run at all.
    pub problem: Option<String>,
    /// Each test: its outcome, or why it could not run.
    pub tests: Vec<Result<TestOutcome, String>>,
    pub coverage: Coverage,
}

impl FileTests {
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| matches!(t, Ok(o) if o.passed)).count()
    }
}

/// Runs the saved test calls of `path` (called flows found as `callflow verify` finds them).
pub fn run_tests(path: &Path) -> FileTests {
    let mut out = FileTests {
        path: path.display().to_string(),
        flow_id: None,
        flow_name: None,
        problem: None,
        tests: Vec::new(),
        coverage: Coverage::default(),
    };
    let loaded = match crate::verify::load(path) {
        Ok(l) => l,
        Err(e) => {
            out.problem = Some(e);
            return out;
        }
    };
    out.flow_id = Some(loaded.file.flow.id.clone());
    out.flow_name = Some(loaded.file.flow.name.clone());
    let program = match loaded.program() {
        Ok(p) => p,
        Err(e) => {
            out.problem = Some(format!("the flow cannot run: {e}"));
            return out;
        }
    };
    let env = Arc::new(loaded.environment());
    let (tests, coverage) = run_file_tests(&program, &env, &loaded.file.flow, &loaded.file.tests);
    out.tests = tests;
    out.coverage = coverage;
    out
}

/// A CSV field, quoted when needed.
fn csv(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Text made safe inside HTML elements and attributes.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn path_text(outcome: &TestOutcome) -> String {
    outcome
        .path
        .iter()
        .map(|s| match &s.exit {
            Some(exit) => format!("{}.{exit}", s.component),
            None => s.component.clone(),
        })
        .collect::<Vec<_>>()
        .join(" > ")
}

/// The test-run report as CSV: one row per test (`file,flow,test,result,end,path,difference`);
/// a file whose tests could not run gets one row with result `error`.
pub fn tests_csv(files: &[FileTests]) -> String {
    let mut out = String::from("file,flow,test,result,end,path,difference\n");
    for f in files {
        let flow = f.flow_id.as_deref().unwrap_or("");
        if let Some(problem) = &f.problem {
            let _ = writeln!(out, "{},{},,error,,,{}", csv(&f.path), csv(flow), csv(problem));
        }
        for t in &f.tests {
            let row = match t {
                Ok(o) => [
                    o.name.clone(),
                    if o.passed { "passed" } else { "failed" }.to_string(),
                    o.end.clone().unwrap_or_default(),
                    path_text(o),
                    o.difference.as_ref().map(ToString::to_string).unwrap_or_default(),
                ],
                Err(e) => [String::new(), "error".into(), String::new(), String::new(), e.clone()],
            };
            let _ = writeln!(
                out,
                "{},{},{}",
                csv(&f.path),
                csv(flow),
                row.iter().map(|v| csv(v)).collect::<Vec<_>>().join(",")
            );
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}\
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}\
th,td{border:1px solid #d0d7de;padding:0.3rem 0.6rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}.passed{color:#1a7f37}.failed,.error{color:#cf222e;font-weight:600}\
code{font-size:0.9em}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n{body}</body>\n</html>\n",
        t = html(title)
    )
}

/// The test-run report as a readable HTML page: a summary, then per file its coverage and each
/// test with its result, end and path.
pub fn tests_html(files: &[FileTests]) -> String {
    let passed: usize = files.iter().map(FileTests::passed).sum();
    let total: usize = files.iter().map(|f| f.tests.len()).sum();
    let mut body = format!(
        "<p>{passed} of {total} saved test calls passed, in {} file{}.</p>\n",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    for f in files {
        let title = match (&f.flow_name, &f.flow_id) {
            (Some(name), Some(id)) => format!("{} (<code>{}</code>)", html(name), html(id)),
            _ => html(&f.path),
        };
        let _ = writeln!(body, "<h2>{title}</h2>\n<p><code>{}</code></p>", html(&f.path));
        if let Some(problem) = &f.problem {
            let _ = writeln!(body, "<p class=\"error\">Could not run: {}</p>", html(problem));
            continue;
        }
        let c = &f.coverage;
        let _ = writeln!(
            body,
            "<p>Coverage: {}/{} components, {}/{} exits{}.</p>",
            c.components_covered,
            c.components_total,
            c.exits_covered,
            c.exits_total,
            if c.keys.is_empty() { String::new() } else { format!(", keys {}", html(&c.keys.join(" "))) }
        );
        if !c.missing_exits.is_empty() {
            let _ = writeln!(
                body,
                "<p>Exits never taken: <code>{}</code></p>",
                html(&c.missing_exits.join(", "))
            );
        }
        body.push_str("<table>\n<tr><th>Test</th><th>Result</th><th>End</th><th>Path</th></tr>\n");
        for t in &f.tests {
            match t {
                Ok(o) => {
                    let result = if o.passed {
                        "<span class=\"passed\">passed</span>".to_string()
                    } else {
                        format!(
                            "<span class=\"failed\">failed</span>: {}",
                            html(&o.difference.as_ref().map(ToString::to_string).unwrap_or_default())
                        )
                    };
                    let _ = writeln!(
                        body,
                        "<tr><td>{}</td><td>{result}</td><td>{}</td><td><code>{}</code></td></tr>",
                        html(&o.name),
                        html(o.end.as_deref().unwrap_or("")),
                        html(&path_text(o))
                    );
                }
                Err(e) => {
                    let _ = writeln!(
                        body,
                        "<tr><td colspan=\"4\"><span class=\"error\">error</span>: {}</td></tr>",
                        html(e)
                    );
                }
            }
        }
        body.push_str("</table>\n");
    }
    page("Test-run report", &body)
}

/// The campaign report as CSV (the engine's attempts report).
pub fn campaign_csv(rows: &[AttemptRow]) -> String {
    let mut out = format!("{REPORT_HEADER}\n");
    for r in rows {
        out.push_str(&r.csv());
        out.push('\n');
    }
    out
}

/// The campaign report as an HTML page: a summary per final status, then every attempt.
pub fn campaign_html(flow_name: &str, rows: &[AttemptRow]) -> String {
    let records: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.record.as_str()).collect();
    let mut statuses: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for r in rows {
        *statuses.entry(status_text(r)).or_default() += 1;
    }
    let mut body = format!(
        "<p>{} records, {} attempts.</p>\n<table>\n<tr><th>Status</th><th>Attempts</th></tr>\n",
        records.len(),
        rows.len()
    );
    for (status, n) in &statuses {
        let _ = writeln!(body, "<tr><td>{}</td><td>{n}</td></tr>", html(status));
    }
    body.push_str("</table>\n<table>\n<tr>");
    for h in REPORT_HEADER.split(',') {
        let _ = write!(body, "<th>{}</th>", html(h));
    }
    body.push_str("</tr>\n");
    for r in rows {
        let cells = [
            r.record.clone(),
            r.attempt.to_string(),
            r.minute.to_string(),
            r.agent_attempt_no.to_string(),
            r.customer_attempt_no.to_string(),
            status_text(r),
            r.next_attempt_minute.map(|m| m.to_string()).unwrap_or_default(),
            r.agent_left.to_string(),
            r.customer_left.to_string(),
            r.end.clone(),
        ];
        body.push_str("<tr>");
        for c in cells {
            let _ = write!(body, "<td>{}</td>", html(&c));
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</table>\n");
    page(&format!("Campaign report: {flow_name}"), &body)
}

fn status_text(r: &AttemptRow) -> String {
    serde_json::to_value(r.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_and_escaped() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\"\n"), "\"say \"\"hi\"\"\n\"");
        assert_eq!(html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }
}
