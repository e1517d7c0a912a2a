//! Outbound dialer campaigns (Phonon, agent first, DOMAIN.md §4.7): many records, each dialled
//! in attempts on the virtual clock until it completes or fails.
//!
//! Each attempt is one run of the dialer flow. The leg outcomes of a record's attempts come from
//! its [`CampaignRecord`]: the n-th agent leg dialled takes the n-th agent outcome (answered when
//! the list runs out), likewise for customer legs. What the customer does at a prompt (a Menu or
//! Collect digits waiting for keys) comes from the record too ([`PromptInput`]; README [A] 27):
//! its `input:<component>` answers in turn, then the right answer the record names in the key
//! `expected_<component>`, else nothing (the prompt times out). The flow decides the rest
//! (Continue on Line 1, the reschedule variables). A record's next attempt is placed at
//! `nextAttemptAt`; when the dialer settings name a business-hours calendar, an attempt time
//! outside it moves to the next opening [A].
//!
//! An attempt runs the simulation interactively: each decision it stops at (a leg rings, a
//! prompt waits) is answered by the record, and any other one takes the default a script-driven
//! run would (the time-out), so a flow without prompts runs as before.

use std::collections::BTreeMap;
use std::sync::Arc;

use callflow_model::scenario::DialerRecord;
use callflow_model::{CallEvent, CallSetup, DtmfKey, Environment, ScriptEvent};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::compile::{EngineError, NodeCfg, Program};
use crate::sim::{Options, Pos, Progress, Sim, Wait, default_dialer};
use crate::trace::{DialerStatus, RunResult, TraceKind};

/// A record: the outcomes of the legs dialled for it, its keys and what its customer does at
/// prompts (a document type: the app saves the campaign view's records with the flow's test data).
pub use callflow_model::CampaignRecord;

/// The column prefix of a record's prompt answers in the records CSV.
pub const INPUT_PREFIX: &str = "input:";

/// The record key naming the right answer at a component's prompt: what a customer types when
/// the record gives no other answer.
pub fn expected_key(component: &str) -> String {
    format!("expected_{component}")
}

/// What a customer does when a prompt (Menu, Collect digits) waits for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptInput {
    /// Types these keys (`0`-`9`, `*`, `#`); a Collect digits also gets its terminator when
    /// the keys are fewer than its maximum, as a customer told to "press hash" would.
    Keys(String),
    /// `$name`: types the value of the record key `name`.
    RecordKey(String),
    /// `silence`: does nothing, so the prompt times out.
    Silence,
    /// `hangup`: hangs up.
    Hangup,
}

impl PromptInput {
    /// Reads one answer: keys, `$key`, `silence` or `hangup`; `None` for anything else.
    pub fn parse(text: &str) -> Option<PromptInput> {
        let t = text.trim();
        match t.to_ascii_lowercase().as_str() {
            "silence" | "timeout" | "no_input" => return Some(PromptInput::Silence),
            "hangup" | "hang_up" => return Some(PromptInput::Hangup),
            _ => {}
        }
        if let Some(key) = t.strip_prefix('$') {
            return (!key.is_empty()).then(|| PromptInput::RecordKey(key.to_string()));
        }
        (!t.is_empty() && t.chars().all(|c| DtmfKey::from_char(c).is_some()))
            .then(|| PromptInput::Keys(t.to_string()))
    }
}

/// Campaign records that cannot be read or run: where ([`RecordAt`]) and what
/// ([`RecordProblem`]), as data, so the app can word it in the user's language. The English
/// message is what the command line prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{}{problem}", at.as_ref().map(|at| format!("{at}: ")).unwrap_or_default())]
pub struct RecordsError {
    /// The CSV line or the record; `None` for the CSV as a whole (its header).
    pub at: Option<RecordAt>,
    pub problem: RecordProblem,
}

/// Which record a [`RecordsError`] is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RecordAt {
    /// A line of the records CSV (1-based, the header is line 1).
    #[error("line {line}")]
    Line { line: u32 },
    /// A record without an id, by its place in the list (1-based).
    #[error("record {number}")]
    Number { number: u32 },
    /// A record by its id.
    #[error("record `{id}`")]
    Id { id: String },
}

/// What is wrong with campaign records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordProblem {
    #[error("the records CSV needs an `id` column")]
    NoIdColumn,
    #[error("the record has no id")]
    NoId,
    #[error("the id `{id}` is used twice")]
    DuplicateId { id: String },
    /// A leg outcome (`agent`, `customer` columns).
    #[error("`{value}` is not `answered` or `no_answer`")]
    BadOutcome { value: String },
    #[error("start_minute `{value}` is not a whole number")]
    BadStartMinute { value: String },
    /// An answer at `component`'s prompt that is not one ([`PromptInput`]).
    #[error(
        "{INPUT_PREFIX}{component}: `{answer}` is not keys (0-9 * #), `$<record key>`, `silence` or `hangup`"
    )]
    BadAnswer { component: String, answer: String },
    /// `$key` at `component`'s prompt, and the record has no `key`.
    #[error("{INPUT_PREFIX}{component}: `{answer}`: the record has no key `{key}`")]
    UnknownKey { component: String, answer: String, key: String },
    /// The customer is to type the record key `key`, whose value is not keys.
    #[error(
        "the customer cannot type the record key `{key}` = `{value}` at `{component}` (keys are 0-9 * #)"
    )]
    Untypeable { component: String, key: String, value: String },
}

impl RecordProblem {
    fn at(self, at: RecordAt) -> RecordsError {
        RecordsError { at: Some(at), problem: self }
    }
}

impl RecordAt {
    /// A record of a list by its id, or its place when it has none.
    fn record(index: usize, rec: &CampaignRecord) -> RecordAt {
        match rec.id.trim() {
            "" => RecordAt::Number { number: index as u32 + 1 },
            id => RecordAt::Id { id: id.to_string() },
        }
    }
}

/// A record's prompt answers, read; the problem names the component and the answer.
pub fn prompt_inputs(rec: &CampaignRecord) -> Result<BTreeMap<String, Vec<PromptInput>>, RecordProblem> {
    let mut out = BTreeMap::new();
    for (component, answers) in &rec.inputs {
        let mut read = Vec::new();
        for a in answers {
            let input = PromptInput::parse(a).ok_or_else(|| RecordProblem::BadAnswer {
                component: component.clone(),
                answer: a.trim().to_string(),
            })?;
            if let PromptInput::RecordKey(k) = &input
                && !rec.keys.contains_key(k)
            {
                return Err(RecordProblem::UnknownKey {
                    component: component.clone(),
                    answer: a.trim().to_string(),
                    key: k.clone(),
                });
            }
            read.push(input);
        }
        out.insert(component.clone(), read);
    }
    Ok(out)
}

/// Checks records before a campaign runs them: each has an id, used once, and answers its
/// customer can give. What a CSV's reader checks too, for records that come from elsewhere (the
/// app's records table, a flow file's saved campaign).
pub fn check_records(records: &[CampaignRecord]) -> Result<(), RecordsError> {
    let mut ids = std::collections::BTreeSet::new();
    for (i, rec) in records.iter().enumerate() {
        let at = || RecordAt::record(i, rec);
        if rec.id.trim().is_empty() {
            return Err(RecordProblem::NoId.at(at()));
        }
        if !ids.insert(rec.id.trim()) {
            return Err(RecordProblem::DuplicateId { id: rec.id.trim().to_string() }
                .at(RecordAt::Number { number: i as u32 + 1 }));
        }
        prompt_inputs(rec).map_err(|p| p.at(at()))?;
    }
    Ok(())
}

/// The keys a record key stands for when typed; the problem names the key.
fn typed_key(rec: &CampaignRecord, key: &str, component: &str) -> Result<String, RecordProblem> {
    let value = match rec.keys.get(key) {
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
        None => {
            return Err(RecordProblem::UnknownKey {
                component: component.to_string(),
                answer: format!("${key}"),
                key: key.to_string(),
            });
        }
    };
    if value.is_empty() || !value.chars().all(|c| DtmfKey::from_char(c).is_some()) {
        return Err(RecordProblem::Untypeable {
            component: component.to_string(),
            key: key.to_string(),
            value,
        });
    }
    Ok(value)
}

/// One row of the attempts report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttemptRow {
    pub record: String,
    pub attempt: u32,
    #[ts(type = "number")]
    pub minute: u64,
    pub agent_attempt_no: u32,
    pub customer_attempt_no: u32,
    pub status: DialerStatus,
    #[ts(type = "number | null")]
    pub next_attempt_minute: Option<u64>,
    pub agent_left: u32,
    pub customer_left: u32,
    /// How the attempt's flow ended.
    pub end: String,
}

/// The CSV header of the attempts report.
pub const REPORT_HEADER: &str = "record,attempt,minute,agent_attempt_no,customer_attempt_no,status,next_attempt_minute,agent_left,customer_left,end";

impl AttemptRow {
    pub fn csv(&self) -> String {
        format!(
            "{},{},{},{},{},{},{},{},{},{}",
            csv_field(&self.record),
            self.attempt,
            self.minute,
            self.agent_attempt_no,
            self.customer_attempt_no,
            serde_json::to_value(self.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            self.next_attempt_minute.map(|m| m.to_string()).unwrap_or_default(),
            self.agent_left,
            self.customer_left,
            self.end
        )
    }
}

/// The attempts report as CSV: [`REPORT_HEADER`], then one line per row.
pub fn report_csv(rows: &[AttemptRow]) -> String {
    let mut csv = String::from(REPORT_HEADER);
    csv.push('\n');
    for r in rows {
        csv.push_str(&r.csv());
        csv.push('\n');
    }
    csv
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Reads records from CSV with a header: `id,phone,start_minute,agent,customer`; `agent` and
/// `customer` are `;`-separated `answered` / `no_answer` outcomes (empty: always answered).
/// `input:<component>` columns are the customer's `;`-separated answers at that component's
/// prompt ([`PromptInput`]). Any other column is a record key (`tel2`, `expected_otp`, ...).
/// Fields are plain (no quoting).
pub fn parse_records(text: &str) -> Result<Vec<CampaignRecord>, RecordsError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Ok(Vec::new()) };
    let raw_cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let cols: Vec<String> = raw_cols.iter().map(|c| c.to_lowercase()).collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let id_col = col("id").ok_or(RecordsError { at: None, problem: RecordProblem::NoIdColumn })?;
    let (phone, start, agent, customer) = (col("phone"), col("start_minute"), col("agent"), col("customer"));
    let outcomes = |s: &str, line: u32| -> Result<Vec<bool>, RecordsError> {
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| match x {
                "answered" | "a" | "yes" => Ok(true),
                "no_answer" | "n" | "no" => Ok(false),
                other => {
                    Err(RecordProblem::BadOutcome { value: other.to_string() }.at(RecordAt::Line { line }))
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    for (i, line) in lines {
        let n = i as u32 + 1;
        let here = || RecordAt::Line { line: n };
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |c: Option<usize>| c.and_then(|c| f.get(c).copied()).unwrap_or("");
        let id = get(Some(id_col));
        if id.is_empty() {
            return Err(RecordProblem::NoId.at(here()));
        }
        let mut keys = BTreeMap::new();
        let mut inputs = BTreeMap::new();
        for (ci, name) in cols.iter().enumerate() {
            let known = [Some(id_col), phone, start, agent, customer].contains(&Some(ci));
            let Some(v) = f.get(ci).filter(|v| !v.is_empty()) else { continue };
            if known {
                continue;
            }
            if name.starts_with(INPUT_PREFIX) {
                // Component ids keep their case (the other columns are matched in lower case).
                let component = raw_cols[ci][INPUT_PREFIX.len()..].trim().to_string();
                let answers = v.split(';').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string);
                inputs.insert(component, answers.collect());
            } else {
                keys.insert(name.clone(), serde_json::Value::String(v.to_string()));
            }
        }
        let record = CampaignRecord { keys, inputs, ..CampaignRecord::default() };
        prompt_inputs(&record).map_err(|p| p.at(here()))?;
        out.push(CampaignRecord {
            keys: record.keys,
            inputs: record.inputs,
            id: id.to_string(),
            phone: get(phone).to_string(),
            start_minute: match get(start) {
                "" => 0,
                s => s
                    .parse()
                    .map_err(|_| RecordProblem::BadStartMinute { value: s.to_string() }.at(here()))?,
            },
            agent: outcomes(get(agent), n)?,
            customer: outcomes(get(customer), n)?,
        });
    }
    Ok(out)
}

/// The customer (and the agent legs) of one record across its attempts: answers the decisions an
/// attempt stops at, counting legs dialled and prompts answered over the whole record.
struct Customer<'a> {
    rec: &'a CampaignRecord,
    inputs: BTreeMap<String, Vec<PromptInput>>,
    /// The record's dialer state carried from attempt to attempt.
    state: DialerRecord,
    agent_legs: usize,
    customer_legs: usize,
    /// Times each prompt (by component id) has waited for the customer.
    prompts_seen: BTreeMap<String, usize>,
}

impl<'a> Customer<'a> {
    fn new(rec: &'a CampaignRecord) -> Result<Customer<'a>, RecordProblem> {
        let mut keys = rec.keys.clone();
        if !rec.phone.is_empty() {
            keys.entry("tel1".into()).or_insert_with(|| serde_json::Value::String(rec.phone.clone()));
        }
        let state = DialerRecord {
            id: rec.id.clone(),
            contact_numbers: vec![rec.phone.clone()],
            keys,
            ..DialerRecord::default()
        };
        Ok(Customer {
            rec,
            inputs: prompt_inputs(rec)?,
            state,
            agent_legs: 0,
            customer_legs: 0,
            prompts_seen: BTreeMap::new(),
        })
    }

    /// Runs one attempt (an interactive simulation) to its end.
    fn attempt(&mut self, mut sim: Sim) -> Result<RunResult, RecordProblem> {
        loop {
            match sim.advance() {
                Progress::Finished => return Ok(sim.run()),
                Progress::Decision(d) => self.decide(&mut sim, d.call)?,
                _ => {}
            }
        }
    }

    /// Answers the decision `sim` stopped at for call `call`.
    fn decide(&mut self, sim: &mut Sim, call: u32) -> Result<(), RecordProblem> {
        let c = &sim.st.calls[call as usize];
        let graph = &sim.prog.graphs[c.frames.last().map(|f| f.graph).unwrap_or(0)];
        let event = match &c.pos {
            Pos::Wait(Wait::DialerLeg { agent_leg: true, .. }) => {
                let answered = self.rec.agent.get(self.agent_legs).copied().unwrap_or(true);
                self.agent_legs += 1;
                Some(CallEvent::DialerAgentLeg { answered })
            }
            Pos::Wait(Wait::DialerLeg { agent_leg: false, .. }) => {
                let answered = self.rec.customer.get(self.customer_legs).copied().unwrap_or(true);
                self.customer_legs += 1;
                Some(CallEvent::DialerCustomerLeg { answered })
            }
            // A prompt waiting for its first key (a Collect digits that already has some keys
            // waits for the inter-digit time-out: the customer has finished typing).
            Pos::Wait(Wait::Menu { node, .. }) => self.at_prompt(&graph.nodes[*node as usize].id, None)?,
            Pos::Wait(Wait::Collect { node, digits, .. }) if digits.is_empty() => {
                let n = &graph.nodes[*node as usize];
                let collect = match &n.cfg {
                    NodeCfg::Collect(cd, _) => Some((cd.terminator, cd.max_digits as usize)),
                    _ => None,
                };
                self.at_prompt(&n.id, collect)?
            }
            _ => None,
        };
        match event {
            Some(event) => {
                sim.inject(ScriptEvent { at: 0, call, event, after_timeouts: false });
            }
            // What a script-driven run does where nobody acts: the next time-out fires, or
            // (nothing pending) the run ends.
            None if sim.st.pending.is_empty() => sim.set_interactive(false),
            None => sim.allow_next_timer(),
        }
        Ok(())
    }

    /// What the customer does at the prompt of `component` (`collect`: a Collect digits'
    /// terminator and maximum); `None` = nothing.
    fn at_prompt(
        &mut self,
        component: &str,
        collect: Option<(Option<DtmfKey>, usize)>,
    ) -> Result<Option<CallEvent>, RecordProblem> {
        let seen = self.prompts_seen.entry(component.to_string()).or_default();
        let n = *seen;
        *seen += 1;
        let listed = self
            .inputs
            .get(component)
            .or_else(|| self.inputs.iter().find(|(k, _)| k.eq_ignore_ascii_case(component)).map(|(_, v)| v))
            .and_then(|answers| answers.get(n).cloned());
        let expected = expected_key(component);
        let input = match listed {
            Some(i) => i,
            None if self.rec.keys.contains_key(&expected) => PromptInput::RecordKey(expected),
            None => PromptInput::Silence,
        };
        Ok(match input {
            PromptInput::Silence => None,
            PromptInput::Hangup => Some(CallEvent::CallerHangup),
            PromptInput::Keys(k) => Some(typed(k, collect)),
            PromptInput::RecordKey(key) => Some(typed(typed_key(self.rec, &key, component)?, collect)),
        })
    }
}

/// The keys typed at a prompt, with a Collect digits' terminator when they are fewer than its
/// maximum (without it the input would end only at the inter-digit time-out).
fn typed(mut keys: String, collect: Option<(Option<DtmfKey>, usize)>) -> CallEvent {
    if let Some((Some(term), max)) = collect
        && keys.len() < max
        && !keys.ends_with(term.as_char())
    {
        keys.push(term.as_char());
    }
    CallEvent::Digits { digits: keys }
}

/// Runs every attempt of one record; the rows of the attempts report.
pub fn run_record(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    rec: &CampaignRecord,
) -> Result<Vec<AttemptRow>, EngineError> {
    let record_error = |problem: RecordProblem| {
        EngineError::Records(problem.at(RecordAt::Id { id: rec.id.trim().to_string() }))
    };
    let settings = env.dialer.clone().unwrap_or_else(default_dialer);
    let mut customer = Customer::new(rec).map_err(record_error)?;
    customer.state.agent_attempts_left = Some(settings.agent_attempts);
    customer.state.customer_attempts_left = Some(settings.customer_attempts);
    let mut minute = shift_into_hours(env, rec.start_minute);
    let mut rows = Vec::new();
    let max_cycles = settings.agent_attempts + settings.customer_attempts;
    for attempt in 1..=max_cycles {
        let setup = CallSetup {
            ani: rec.phone.clone(),
            record: Some(customer.state.clone()),
            ..CallSetup::default()
        };
        let sim = Sim::new(
            prog.clone(),
            env.clone(),
            setup,
            &[],
            Options { interactive: true, ..Options::default() },
        )?;
        let result = customer.attempt(sim).map_err(record_error)?;
        let Some(rs) = result.trace.iter().rev().find_map(|e| match &e.event {
            TraceKind::RecordStatus(r) => Some(r.clone()),
            _ => None,
        }) else {
            break;
        };
        let next = rs.next_attempt_at.map(|s| shift_into_hours(env, minute + s / 60));
        rows.push(AttemptRow {
            record: rec.id.clone(),
            attempt,
            minute,
            agent_attempt_no: rs.agent_attempt_no,
            customer_attempt_no: rs.customer_attempt_no,
            status: rs.status,
            next_attempt_minute: next,
            agent_left: rs.agent_left,
            customer_left: rs.customer_left,
            end: result.end.unwrap_or_default(),
        });
        let state = &mut customer.state;
        state.agent_attempts_left = Some(rs.agent_left);
        state.customer_attempts_left = Some(rs.customer_left);
        state.agent_attempt_no = rs.agent_attempt_no;
        state.customer_attempt_no = rs.customer_attempt_no;
        match next {
            Some(m) if !rs.status.is_final() => minute = m,
            _ => break,
        }
    }
    Ok(rows)
}

/// Moves a campaign minute to the next opening of the dialer's business hours, if any
/// (rounded up to the minute).
fn shift_into_hours(env: &Environment, minute: u64) -> u64 {
    let Some(cal) =
        env.dialer.as_ref().and_then(|d| d.business_hours.as_ref()).and_then(|n| env.calendars.get(n))
    else {
        return minute;
    };
    match crate::schedule::next_open(cal, env.start_time.as_deref(), minute * 60) {
        Ok(Some(sec)) => sec.div_ceil(60),
        _ => minute,
    }
}

/// Runs a whole campaign, records in parallel when `parallel` is set.
pub fn run_campaign(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    records: &[CampaignRecord],
) -> Result<Vec<AttemptRow>, EngineError> {
    check_records(records).map_err(EngineError::Records)?;
    let mut rows = Vec::new();
    for r in records {
        rows.extend(run_record(prog, env, r)?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_csv_has_the_header_and_one_line_per_attempt() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
        let loaded = crate::Loaded::read(&dir.join("otp-campaign.callflow.json")).unwrap();
        let records = parse_records(
            "id,phone,start_minute,agent,customer\nr1,+420601000001,0,,\nr2,+420601000002,5,no_answer,answered\n",
        )
        .unwrap();
        let rows =
            run_campaign(&loaded.program().unwrap(), &Arc::new(loaded.environment()), &records).unwrap();
        let csv = report_csv(&rows);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], REPORT_HEADER);
        assert_eq!(lines.len(), rows.len() + 1);
        assert!(lines[1].starts_with("r1,1,0,"), "{csv}");
        // The second record's agent leg is not answered at first: it takes another attempt.
        assert!(rows.iter().filter(|r| r.record == "r2").count() >= 2, "{csv}");
    }

    fn otp_sample() -> (Arc<Program>, Arc<Environment>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
        let loaded = crate::Loaded::read(&dir.join("otp-campaign.callflow.json")).unwrap();
        (loaded.program().unwrap(), Arc::new(loaded.environment()))
    }

    fn statuses(rows: &[AttemptRow], record: &str) -> Vec<DialerStatus> {
        rows.iter().filter(|r| r.record == record).map(|r| r.status).collect()
    }

    /// A customer who picks up types the code the record says is right (`expected_<component>`)
    /// unless an `input:<component>` column says otherwise, attempt after attempt.
    #[test]
    fn customers_answer_prompts_from_the_record() {
        let (prog, env) = otp_sample();
        let records = parse_records(
            "id,phone,expected_otp,input:otp\n\
             right,+420601000001,123456,\n\
             wrong_then_right,+420601000002,123456,111111\n\
             always_wrong,+420601000003,123456,111111;222222\n\
             silent,+420601000004,123456,silence;silence\n\
             hangs_up,+420601000005,123456,hangup\n\
             typed_literal,+420601000006,,654321\n\
             no_code,+420601000007,,\n",
        )
        .unwrap();
        let rows = run_campaign(&prog, &env, &records).unwrap();
        let csv = report_csv(&rows);
        use DialerStatus::*;
        assert_eq!(statuses(&rows, "right"), [Completed], "{csv}");
        assert_eq!(rows[0].end, "hung_up", "{csv}");
        // The second attempt (60 minutes later) takes the default: the right code.
        assert_eq!(statuses(&rows, "wrong_then_right"), [CustomerRescheduled, Completed], "{csv}");
        assert_eq!(rows.iter().filter(|r| r.record == "wrong_then_right").nth(1).unwrap().minute, 60);
        assert_eq!(statuses(&rows, "always_wrong"), [CustomerRescheduled, CustomerFailed], "{csv}");
        // Each time the prompt waits takes the next answer: silent at the prompt and at its first
        // re-prompt, the customer types the right code at the second.
        assert_eq!(statuses(&rows, "silent"), [Completed], "{csv}");
        // Hanging up at the prompt: the flow's remote-hangup handler reschedules the customer.
        let hung: Vec<_> = rows.iter().filter(|r| r.record == "hangs_up").collect();
        assert_eq!(hung[0].status, CustomerRescheduled, "{csv}");
        assert_eq!(hung[0].end, "flow_ended", "{csv}");
        assert_eq!(hung.last().unwrap().status, Completed, "{csv}");
        // A code typed literally is compared with no expected code: not verified.
        assert_eq!(statuses(&rows, "typed_literal"), [CustomerRescheduled, CustomerFailed], "{csv}");
        // No expected code and no input: the customer says nothing, as before.
        assert_eq!(statuses(&rows, "no_code"), [CustomerRescheduled, CustomerFailed], "{csv}");
    }

    /// The customer's answer at a prompt is what the record says, each time the prompt waits.
    #[test]
    fn the_typed_code_reaches_the_flow() {
        let (prog, env) = otp_sample();
        let rec = CampaignRecord {
            id: "r1".into(),
            phone: "+420601000001".into(),
            keys: [("expected_otp".to_string(), serde_json::json!("123456"))].into(),
            inputs: [("otp".to_string(), vec!["$expected_otp".to_string()])].into(),
            ..CampaignRecord::default()
        };
        let mut c = Customer::new(&rec).unwrap();
        let setup =
            CallSetup { ani: rec.phone.clone(), record: Some(c.state.clone()), ..CallSetup::default() };
        let sim =
            Sim::new(prog, env, setup, &[], Options { interactive: true, ..Options::default() }).unwrap();
        let result = c.attempt(sim).unwrap();
        assert_eq!(result.variables["entered_otp"], serde_json::json!("123456"));
    }

    #[test]
    fn bad_inputs_are_refused_with_their_line_and_component() {
        let err = parse_records("id,input:otp\nr1,12x\n").unwrap_err();
        let bad = RecordProblem::BadAnswer { component: "otp".into(), answer: "12x".into() };
        assert_eq!(err, bad.at(RecordAt::Line { line: 2 }));
        assert_eq!(
            err.to_string(),
            "line 2: input:otp: `12x` is not keys (0-9 * #), `$<record key>`, `silence` or `hangup`"
        );
        let err = parse_records("id,input:otp\nr1,$expected_otp\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: input:otp: `$expected_otp`: the record has no key `expected_otp`"
        );
        // Through the records the app sends (no CSV): the record and the component are named.
        let (prog, env) = otp_sample();
        let rec = CampaignRecord {
            id: "r9".into(),
            inputs: [("otp".to_string(), vec!["maybe".to_string()])].into(),
            ..CampaignRecord::default()
        };
        let err = run_campaign(&prog, &env, &[rec]).unwrap_err().to_string();
        assert_eq!(
            err,
            "record `r9`: input:otp: `maybe` is not keys (0-9 * #), `$<record key>`, `silence` or `hangup`"
        );
        // A right code the customer cannot type is named when the prompt asks for it.
        let records = parse_records("id,phone,expected_otp\nr1,+420601000001,12ab\n").unwrap();
        let err = run_campaign(&prog, &env, &records).unwrap_err();
        let untypeable = RecordProblem::Untypeable {
            component: "otp".into(),
            key: "expected_otp".into(),
            value: "12ab".into(),
        };
        assert_eq!(err, EngineError::Records(untypeable.at(RecordAt::Id { id: "r1".into() })));
        assert_eq!(
            err.to_string(),
            "record `r1`: the customer cannot type the record key `expected_otp` = `12ab` at `otp` (keys are 0-9 * #)"
        );
    }

    #[test]
    fn a_record_without_id_is_refused_with_its_line() {
        let err = parse_records("id,phone\n,+420601000001\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: the record has no id");
        let err = parse_records("phone\n+420601000001\n").unwrap_err();
        assert_eq!(err, RecordsError { at: None, problem: RecordProblem::NoIdColumn });
        assert_eq!(err.to_string(), "the records CSV needs an `id` column");
    }

    #[test]
    fn leg_outcomes_and_start_minutes_are_checked_with_their_line() {
        let err = parse_records("id,agent\nr1,answered\nr2,maybe\n").unwrap_err();
        assert_eq!(err, RecordProblem::BadOutcome { value: "maybe".into() }.at(RecordAt::Line { line: 3 }));
        assert_eq!(err.to_string(), "line 3: `maybe` is not `answered` or `no_answer`");
        let err = parse_records("id,start_minute\nr1,soon\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: start_minute `soon` is not a whole number");
    }

    #[test]
    fn records_from_elsewhere_need_one_id_each() {
        let (prog, env) = otp_sample();
        let rec = |id: &str| CampaignRecord { id: id.into(), ..CampaignRecord::default() };
        let err = run_campaign(&prog, &env, &[rec("r1"), rec(" ")]).unwrap_err();
        assert_eq!(err, EngineError::Records(RecordProblem::NoId.at(RecordAt::Number { number: 2 })));
        assert_eq!(err.to_string(), "record 2: the record has no id");
        let err = run_campaign(&prog, &env, &[rec("r1"), rec("r2"), rec("r1")]).unwrap_err();
        assert_eq!(err.to_string(), "record 3: the id `r1` is used twice");
        // Nothing ran: the check comes before the first record's attempts.
        assert!(check_records(&[rec("r1"), rec("r2")]).is_ok());
    }
}
