//! The test runner and campaign commands: saved test calls of the open document run with the
//! engine (each with its first divergence, plus coverage), "generate tests for all paths", and
//! outbound dialer campaigns over records with the attempts table exported as CSV.
//!
//! The document comes from the UI as it is now (unsaved edits included). The modules and
//! reusable queue flows it calls are resolved like the live checks do (the library: newest
//! version, else the draft); a flow the library does not hold is taken from the embedded samples,
//! so the samples run without a library too.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use callflow_check::FlowResolver;
use callflow_engine::Program;
use callflow_engine::dialer::{self, AttemptRow, CampaignRecord};
use callflow_engine::testing::{self, GeneratedPaths, PathLimits, TestRun};
use callflow_model::{CallSetup, Environment, Flow, FlowFile, FlowType, TestCall};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{self, Purpose};
use crate::library::{LibraryState, called_closure};
use crate::types::{AppError, FileAction};

/// Name prefix of generated test calls (as `callflow paths --write` writes them): generating
/// again replaces them.
pub const GENERATED_PREFIX: &str = "path ";

/// At most this many paths are generated (the CLI's default).
const MAX_GENERATED: usize = 64;

/// The flows `flow` calls, transitively: from the library when it holds them, else from the
/// embedded samples.
pub fn called(library: Option<&dyn FlowResolver>, flow: &Flow) -> BTreeMap<String, Flow> {
    let samples = sample_subflows();
    called_closure(flow, |id| {
        library.and_then(|l| l.flow(id).cloned()).or_else(|| samples.iter().find(|s| s.id == id).cloned())
    })
}

/// The embedded samples that other flows call (modules, reusable queue flows), parsed once.
fn sample_subflows() -> &'static [Flow] {
    static FLOWS: OnceLock<Vec<Flow>> = OnceLock::new();
    FLOWS.get_or_init(|| {
        crate::commands::sample_flows()
            .into_iter()
            .map(|s| s.file.flow)
            .filter(|f| f.flow_type.is_subflow())
            .collect()
    })
}

/// The compiled flow and its environment; a flow with check errors is refused with them listed.
fn compile(library: &LibraryState, file: &FlowFile) -> Result<(Arc<Program>, Arc<Environment>), AppError> {
    let resolver = library.resolver(&file.flow);
    let flows = called(resolver.as_ref().map(|r| r as &dyn FlowResolver), &file.flow);
    let prog = Program::compile(&file.flow, &flows).map_err(AppError::from)?;
    Ok((Arc::new(prog), Arc::new(file.environment.clone().unwrap_or_default())))
}

/// Runs the document's saved test calls (those named in `names`, or all of them).
pub fn run_tests_of(
    library: &LibraryState,
    file: &FlowFile,
    names: Option<&[String]>,
) -> Result<TestRun, AppError> {
    let tests: Vec<TestCall> = match names {
        None => file.tests.clone(),
        Some(names) => {
            if let Some(missing) = names.iter().find(|n| !file.tests.iter().any(|t| &t.name == *n)) {
                return Err(AppError::Invalid { message: format!("no saved test call named `{missing}`") });
            }
            file.tests.iter().filter(|t| names.contains(&t.name)).cloned().collect()
        }
    };
    let (prog, env) = compile(library, file)?;
    Ok(testing::run_report(&prog, &env, &file.flow, &tests))
}

/// Runs saved test calls of the open document: each with its first difference, and the coverage
/// of the main flow by the calls run. `names`: only these (`None`: all).
#[tauri::command(async)]
pub fn run_tests(
    library: State<'_, LibraryState>,
    file: FlowFile,
    names: Option<Vec<String>>,
) -> Result<TestRun, AppError> {
    let started = Instant::now();
    let run = run_tests_of(&library, &file, names.as_deref());
    eprintln!("run_tests `{}`: {:?}", file.flow.id, started.elapsed());
    run
}

/// One test call per distinct path of the flow (bounded), starting like its first saved test
/// call (or a plain inbound call); named `path N: ends …`. `cut_short` says which bounds
/// stopped the enumeration (the Tests tab says so: "more paths exist").
pub fn generate_tests_of(library: &LibraryState, file: &FlowFile) -> Result<GeneratedPaths, AppError> {
    let (prog, env) = compile(library, file)?;
    let first = file.tests.first();
    let env = match first.and_then(|t| t.environment.clone()) {
        Some(own) => Arc::new(own),
        None => env,
    };
    let setup = first.map(|t| t.call.clone()).unwrap_or_else(|| CallSetup {
        ani: "+15550100001".into(),
        dnis: "+15550100000".into(),
        ..CallSetup::default()
    });
    let limits = PathLimits { max_paths: MAX_GENERATED, ..PathLimits::default() };
    let mut generated = testing::explore_paths(&prog, &env, &setup, limits).map_err(AppError::from)?;
    for t in &mut generated.tests {
        t.description = t.description.replace("`callflow paths`", "Generate tests for all paths");
    }
    Ok(generated)
}

/// "Generate tests for all paths": the generated test calls (the UI adds them to the document
/// as one undoable edit, replacing earlier generated ones) and the bounds that cut them short.
#[tauri::command(async)]
pub fn generate_tests(library: State<'_, LibraryState>, file: FlowFile) -> Result<GeneratedPaths, AppError> {
    generate_tests_of(&library, &file)
}

/// Reads campaign records from CSV text (header `id,phone,start_minute,agent,customer`,
/// `input:<component>` columns are the customer's answers at that prompt, other columns are
/// record keys); errors name the line.
#[tauri::command]
pub fn parse_campaign_records(csv: String) -> Result<Vec<CampaignRecord>, AppError> {
    dialer::parse_records(&csv).map_err(AppError::from)
}

/// Runs every record's attempts through an outbound dialer flow on the virtual clock.
pub fn run_campaign_of(
    library: &LibraryState,
    file: &FlowFile,
    records: &[CampaignRecord],
) -> Result<Vec<AttemptRow>, AppError> {
    if file.flow.flow_type != FlowType::OutboundDialer {
        return Err(AppError::Invalid {
            message: format!(
                "`{}` is not an outbound dialer flow: campaigns run dialer flows only",
                file.flow.name
            ),
        });
    }
    // Before compiling: a record the table let through wrongly is named, not the flow.
    dialer::check_records(records)?;
    let (prog, env) = compile(library, file)?;
    dialer::run_campaign(&prog, &env, records).map_err(AppError::from)
}

/// Runs a campaign over `records`: the attempts table.
#[tauri::command(async)]
pub fn run_campaign(
    library: State<'_, LibraryState>,
    file: FlowFile,
    records: Vec<CampaignRecord>,
) -> Result<Vec<AttemptRow>, AppError> {
    run_campaign_of(&library, &file, &records)
}

/// Asks where to save the attempts table and writes it as CSV; `None` when the user cancels.
#[tauri::command(async)]
pub fn export_campaign_csv<R: Runtime>(
    app: AppHandle<R>,
    rows: Vec<AttemptRow>,
    suggested_name: String,
) -> Result<Option<String>, AppError> {
    let Some(path) =
        dialogs::pick(&app, Purpose::SaveCsv, &suggested_name).map_err(|message| AppError::Io { message })?
    else {
        return Ok(None);
    };
    let text = dialer::report_csv(&rows);
    let tmp = path.with_extension("csv.tmp");
    let fail = |e: std::io::Error| AppError::file(FileAction::Write, &path, &e);
    std::fs::write(&tmp, text.as_bytes()).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(fail)?;
    Ok(Some(path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> FlowFile {
        crate::commands::sample_flows().into_iter().find(|s| s.name == name).expect("sample").file
    }

    fn no_library() -> LibraryState {
        LibraryState::open_in(None)
    }

    /// Every sample's saved test calls pass through the command path (modules from the embedded
    /// samples), and the time it takes is printed (the #6 budget: under 1 s for all of them).
    #[test]
    fn every_sample_passes_its_tests() {
        let library = no_library();
        let started = Instant::now();
        let mut total = 0;
        for s in crate::commands::sample_flows() {
            let run = run_tests_of(&library, &s.file, None).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            let failed: Vec<_> = run.reports.iter().filter(|r| !r.passed).collect();
            assert!(failed.is_empty(), "{}: {failed:?}", s.name);
            total += run.reports.len();
        }
        eprintln!("all {total} test calls of every sample: {:?}", started.elapsed());
        assert!(total > 20);
    }

    #[test]
    fn one_named_test_runs_alone_and_an_unknown_name_is_refused() {
        let file = sample("inbound-support.callflow.json");
        let name = file.tests[1].name.clone();
        let run = run_tests_of(&no_library(), &file, Some(std::slice::from_ref(&name))).unwrap();
        assert_eq!(run.reports.len(), 1);
        assert_eq!(run.reports[0].name, name);
        let err = run_tests_of(&no_library(), &file, Some(&["nope".to_string()])).unwrap_err();
        assert!(err.to_string().contains("`nope`"), "{err}");
    }

    #[test]
    fn a_flow_with_errors_is_refused_with_them() {
        let mut file = sample("inbound-support.callflow.json");
        file.flow.components.get_mut("main_menu").unwrap().config = serde_json::json!({ "options": 3 });
        let err = run_tests_of(&no_library(), &file, None).unwrap_err();
        assert!(err.to_string().contains("cannot run"), "{err}");
        let AppError::CannotRun { diagnostics, .. } = err else { panic!("not CannotRun: {err}") };
        assert!(diagnostics.iter().any(|d| d.component.as_deref() == Some("main_menu")), "{diagnostics:?}");
    }

    #[test]
    fn generating_every_path_of_a_small_flow_is_not_cut_short() {
        let generated = generate_tests_of(&no_library(), &sample("otp-campaign.callflow.json")).unwrap();
        assert!(generated.cut_short.is_empty(), "{:?}", generated.cut_short);
        assert!(generated.tests.len() > 3 && generated.tests.len() < MAX_GENERATED);
    }

    #[test]
    fn generated_tests_pass_and_cover_more_than_one_path() {
        let mut file = sample("inbound-support.callflow.json");
        let generated = generate_tests_of(&no_library(), &file).unwrap();
        // The inbound sample has more paths than the 64 generated, and the reply says so.
        assert_eq!(generated.cut_short, [testing::PathLimitHit::MaxPaths { max: MAX_GENERATED as u32 }]);
        let generated = generated.tests;
        assert_eq!(generated.len(), MAX_GENERATED);
        assert!(generated.iter().all(|t| t.name.starts_with(GENERATED_PREFIX)));
        file.tests = generated;
        let run = run_tests_of(&no_library(), &file, None).unwrap();
        assert_eq!(run.failed, 0, "{:?}", run.reports.iter().find(|r| !r.passed));
    }

    /// Customers type the code their record expects unless the record says otherwise, so the
    /// OTP sample's campaign shows successes and failures (before, every record failed).
    #[test]
    fn otp_campaign_customers_type_their_codes() {
        use callflow_engine::trace::DialerStatus;
        let file = sample("otp-campaign.callflow.json");
        let records = parse_campaign_records(
            "id,phone,expected_otp,input:otp\nok,+420601000001,123456,\nwrong,+420601000002,123456,111111;222222\n"
                .into(),
        )
        .unwrap();
        assert_eq!(records[1].inputs["otp"], ["111111", "222222"]);
        let rows = run_campaign_of(&no_library(), &file, &records).unwrap();
        let last = |id: &str| rows.iter().rfind(|r| r.record == id).unwrap().status;
        assert_eq!(last("ok"), DialerStatus::Completed, "{rows:?}");
        assert_eq!(last("wrong"), DialerStatus::CustomerFailed, "{rows:?}");
        // The campaign view's default records for this flow (records.ts), as the UI sends them:
        // two records succeed, the third misses the first call and then types a wrong code.
        let ui: Vec<CampaignRecord> = serde_json::from_value(serde_json::json!([
            {"id": "r1", "phone": "+420601000001", "start_minute": 0, "agent": [], "customer": [], "keys": {"expected_otp": "123456"}, "inputs": {}},
            {"id": "r2", "phone": "+420601000002", "start_minute": 0, "agent": [false], "customer": [], "keys": {"expected_otp": "123456"}, "inputs": {}},
            {"id": "r3", "phone": "+420601000003", "start_minute": 5, "agent": [], "customer": [false], "keys": {"expected_otp": "123456"}, "inputs": {"otp": ["000000"]}},
        ]))
        .unwrap();
        let rows = run_campaign_of(&no_library(), &file, &ui).unwrap();
        let statuses: Vec<_> = rows.iter().map(|r| (r.record.as_str(), r.status)).collect();
        use DialerStatus::*;
        assert_eq!(
            statuses,
            [
                ("r1", Completed),
                ("r2", AgentRescheduled),
                ("r2", Completed),
                ("r3", CustomerRescheduled),
                ("r3", CustomerFailed)
            ]
        );
        // A bad answer in the records the UI sends (no CSV) is named with its record.
        let mut rec = records[0].clone();
        rec.inputs.insert("otp".into(), vec!["later".into()]);
        let err = run_campaign_of(&no_library(), &file, &[rec]).unwrap_err().to_string();
        assert!(err.contains("record `ok`") && err.contains("input:otp") && err.contains("later"), "{err}");
    }

    #[test]
    fn campaign_of_the_otp_sample_and_refusals() {
        let file = sample("otp-campaign.callflow.json");
        let records = parse_campaign_records(
            "id,phone,start_minute,agent,customer\nr1,+420601000001,0,,\nr2,+420601000002,0,no_answer;answered,\n"
                .into(),
        )
        .unwrap();
        let rows = run_campaign_of(&no_library(), &file, &records).unwrap();
        // r2's agent misses the first ring: the record is rescheduled after the agent retry
        // interval (the engine's default dialer settings: 10 minutes).
        let r2: Vec<_> = rows.iter().filter(|r| r.record == "r2").collect();
        assert_eq!(r2[0].status, callflow_engine::trace::DialerStatus::AgentRescheduled, "{rows:?}");
        assert_eq!(
            (r2[0].agent_attempt_no, r2[0].customer_attempt_no, r2[0].next_attempt_minute),
            (1, 0, Some(10))
        );
        assert_eq!(r2[1].minute, 10);
        let r1: Vec<_> = rows.iter().filter(|r| r.record == "r1").collect();
        assert_eq!((r1[0].agent_attempt_no, r1[0].customer_attempt_no), (1, 1));
        // Every record ends in a final status.
        for id in ["r1", "r2"] {
            let last = rows.iter().rfind(|r| r.record == id).unwrap();
            assert!(last.status.is_final() && last.next_attempt_minute.is_none(), "{last:?}");
        }

        let twice = vec![records[0].clone(), records[0].clone()];
        assert!(run_campaign_of(&no_library(), &file, &twice).unwrap_err().to_string().contains("twice"));
        let inbound = sample("inbound-support.callflow.json");
        let err = run_campaign_of(&no_library(), &inbound, &records).unwrap_err();
        assert!(err.to_string().contains("not an outbound dialer flow"), "{err}");
        let bad = parse_campaign_records("id,agent\nr1,maybe\n".into()).unwrap_err();
        assert!(bad.to_string().contains("line 2"), "{bad}");
    }
}
