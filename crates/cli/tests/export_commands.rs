//! `callflow export` and `callflow verify` end to end: exporting the samples from files and from
//! a library gives the same canonical files, which verify; existing files need `--force`; bad
//! input is refused with the reader's error and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn callflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callflow")).args(args).output().unwrap()
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows")
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn samples_export_from_files_and_from_a_library_identically_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let (from_files, from_library) = (tmp.path().join("files"), tmp.path().join("library"));
    let out = callflow(&["export", s(&samples()), "-o", s(&from_files)]);
    assert!(out.status.success(), "{out:?}");

    let db = tmp.path().join("lib.sqlite3");
    let out = callflow(&["db", "--db", s(&db), "import", s(&from_files)]);
    assert!(out.status.success(), "{out:?}");
    let out = callflow(&["export", "--db", s(&db), "-o", s(&from_library)]);
    assert!(out.status.success(), "{out:?}");
    let files = listing(&from_files);
    assert_eq!(files.len(), std::fs::read_dir(samples()).unwrap().count());
    assert_eq!(files, listing(&from_library), "export -> import -> export changed bytes");

    let out = callflow(&["verify", s(&from_library)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(&format!("{} verified, 0 failed, 0 unreadable", files.len())), "{text}");
}

#[test]
fn one_flow_from_a_library_without_layout_tests_or_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("lib.sqlite3");
    assert!(callflow(&["db", "--db", s(&db), "import", s(&samples())]).status.success());
    let dir = tmp.path().join("out");
    let out = callflow(&[
        "export",
        "--db",
        s(&db),
        "callback_offer",
        "--no-layout",
        "--no-tests",
        "--no-environment",
        "-o",
        s(&dir),
    ]);
    assert!(out.status.success(), "{out:?}");
    let files = listing(&dir);
    assert_eq!(files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["callback_offer.callflow.json"]);
    let doc = callflow_model::read_path(&dir.join("callback_offer.callflow.json")).unwrap();
    assert!(doc.layout.is_empty() && doc.tests.is_empty() && doc.environment.is_none());
    let original = callflow_model::read_path(&samples().join("callback-offer.callflow.json")).unwrap();
    assert_eq!(doc.flow, original.flow);

    let out = callflow(&["export", "--db", s(&db), "no_such_flow", "-o", s(&tmp.path().join("none"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_such_flow"), "{out:?}");
}

#[test]
fn existing_files_need_force_and_bad_input_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let sample = samples().join("post-call-survey.callflow.json");
    assert!(callflow(&["export", s(&sample), "-o", s(&dir)]).status.success());
    let target = dir.join("post_call_survey.callflow.json");
    std::fs::write(&target, "edited by hand").unwrap();

    let out = callflow(&["export", s(&sample), "-o", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "edited by hand");

    let out = callflow(&["export", s(&sample), "-o", s(&dir), "--force"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read(&target).unwrap(), std::fs::read(&sample).unwrap());

    // One unreadable source refuses the whole export, with the reader's error.
    let bad = tmp.path().join("bad.callflow.json");
    std::fs::write(&bad, "{\"format\": \"callflow\", \"version\": 1, \"flow\": {\"id\": 3}}").unwrap();
    let fresh = tmp.path().join("fresh");
    let out = callflow(&["export", s(&sample), s(&bad), "-o", s(&fresh)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.callflow.json") && err.contains("flow.id"), "{err}");
    assert!(!fresh.exists(), "nothing written");
}

#[test]
fn verify_reports_a_path_that_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = samples().join("post-call-survey.callflow.json");
    let mut doc = callflow_model::read_path(&sample).unwrap();
    let test = doc.tests.iter_mut().find(|t| t.expect.path.len() >= 2).unwrap();
    let name = test.name.clone();
    test.expect.path.truncate(1);
    let file = tmp.path().join("edited.callflow.json");
    std::fs::write(&file, doc.to_json()).unwrap();
    let out = callflow(&["verify", s(&file)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("FAIL  {name}: path step 2")), "{text}");
}

#[test]
fn test_run_report_as_csv_and_html() {
    let out = callflow(&["report", "tests", s(&samples()), "--format", "csv"]);
    assert!(out.status.success(), "{out:?}");
    let csv = String::from_utf8_lossy(&out.stdout);
    let tests: usize = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| callflow_model::read_path(&e.unwrap().path()).unwrap().tests.len())
        .sum();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "file,flow,test,result,end,path,difference");
    assert_eq!(lines.len(), tests + 1, "{csv}");
    assert!(lines[1..].iter().all(|l| l.contains(",passed,")), "{csv}");

    // A failing test: the report says which and how, and the exit code says so too.
    let tmp = tempfile::tempdir().unwrap();
    let mut doc = callflow_model::read_path(&samples().join("post-call-survey.callflow.json")).unwrap();
    doc.tests[0].name = "<b>edited</b>".into();
    doc.tests[0].expect.path.truncate(1);
    let file = tmp.path().join("edited.callflow.json");
    std::fs::write(&file, doc.to_json()).unwrap();
    let html = tmp.path().join("report.html");
    let out = callflow(&["report", "tests", s(&file), "-o", s(&html)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("3 of 4 saved test calls passed"), "{page}");
    assert!(page.contains("&lt;b&gt;edited&lt;/b&gt;") && !page.contains("<b>edited"), "names are escaped");
    assert!(page.contains("failed</span>: path step 2"), "{page}");
    // The report file is not replaced without --force.
    let out = callflow(&["report", "tests", s(&file), "-o", s(&html)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(callflow(&["report", "tests", s(&file), "-o", s(&html), "--force"]).status.code() == Some(1));
}

#[test]
fn campaign_report_as_csv_matches_the_campaign_command_and_as_html() {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records.csv");
    std::fs::write(
        &records,
        "id,phone,start_minute,agent,customer\nd1,+420601000001,0,no_answer;no_answer;no_answer,\nd2,+420601000002,0,,no_answer;no_answer\n",
    )
    .unwrap();
    let flow = samples().join("otp-campaign.callflow.json");
    let attempts = tmp.path().join("attempts.csv");
    let out = callflow(&["campaign", s(&flow), "--records", s(&records), "--out", s(&attempts)]);
    assert!(out.status.success(), "{out:?}");
    let out = callflow(&["report", "campaign", s(&flow), s(&records), "--format", "csv"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), std::fs::read_to_string(&attempts).unwrap());

    let out = callflow(&["report", "campaign", s(&flow), s(&records)]);
    assert!(out.status.success(), "{out:?}");
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains("<p>2 records, ") && page.contains("<td>AGENT_FAILED</td>"), "{page}");
    assert_eq!(page.matches("<tr><td>d1</td>").count(), 3, "{page}");
}

#[test]
fn a_saved_or_published_version_instead_of_the_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("lib.sqlite3");
    let sample = samples().join("post-call-survey.callflow.json");
    assert!(callflow(&["db", "--db", s(&db), "import", s(&sample)]).status.success());
    // A newer draft, saved as version 2 by importing it; version 1 stays the sample.
    let mut edited = callflow_model::read_path(&sample).unwrap();
    edited.flow.name = "Survey, edited".into();
    let edited_file = tmp.path().join("edited").join("post-call-survey.callflow.json");
    std::fs::create_dir_all(edited_file.parent().unwrap()).unwrap();
    std::fs::write(&edited_file, edited.to_json()).unwrap();
    assert!(callflow(&["db", "--db", s(&db), "import", s(&edited_file)]).status.success());

    let out = callflow(&["export", "--db", s(&db), "--published", "-o", s(&tmp.path().join("p"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no published version of `post_call_survey`"),
        "{out:?}"
    );

    assert!(
        callflow(&["db", "--db", s(&db), "publish", "post_call_survey", "--version", "1"]).status.success()
    );
    let published = tmp.path().join("published");
    assert!(callflow(&["export", "--db", s(&db), "--published", "-o", s(&published)]).status.success());
    let file = published.join("post_call_survey.callflow.json");
    assert_eq!(std::fs::read(&file).unwrap(), std::fs::read(&sample).unwrap(), "version 1 is the sample");

    let v2 = tmp.path().join("v2");
    let out = callflow(&["export", "--db", s(&db), "post_call_survey", "--version", "2", "-o", s(&v2)]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(v2.join("post_call_survey.callflow.json")).unwrap(), edited.to_json());

    let out = callflow(&["export", s(&sample), "--version", "1", "-o", s(&tmp.path().join("x"))]);
    assert_eq!(out.status.code(), Some(2), "--version needs a library");
}

#[test]
fn export_with_verify_says_whether_the_files_replay_as_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let out = callflow(&["export", s(&samples()), "-o", s(&tmp.path().join("ok")), "--verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("verified: every file re-reads as written"), "{text}");

    // A recorded path that the flow no longer takes: exported, but not verified.
    let mut doc = callflow_model::read_path(&samples().join("post-call-survey.callflow.json")).unwrap();
    let name = doc.tests[1].name.clone();
    doc.tests[1].expect.path.truncate(2);
    let file = tmp.path().join("edited.callflow.json");
    std::fs::write(&file, doc.to_json()).unwrap();
    let dir = tmp.path().join("bad");
    let out = callflow(&["export", s(&file), "-o", s(&dir), "--verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("NOT verified") && text.contains(&name), "{text}");
    assert!(dir.join("post_call_survey.callflow.json").exists(), "the file is written all the same");
}

#[test]
fn graph_svg_draws_every_component_of_a_sample() {
    let sample = std::fs::read_dir(samples()).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let out = callflow(&["graph", "--format", "svg", s(&sample)]);
    assert!(out.status.success(), "{out:?}");
    let svg = String::from_utf8(out.stdout).unwrap();
    let file = callflow_model::read_path(&sample).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert_eq!(svg.matches("<g class=\"component\"").count(), file.flow.components.len());
}
