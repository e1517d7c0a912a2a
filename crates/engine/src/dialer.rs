//! Outbound dialer campaigns (Phonon, agent first, DOMAIN.md §4.7): many records, each dialled
//! in attempts on the virtual clock until it completes or fails.
//!
//! Each attempt is one run of the dialer flow. The leg outcomes of a record's attempts come from
//! its [`CampaignRecord`]: the n-th agent leg dialled takes the n-th agent outcome (answered when
//! the list runs out), likewise for customer legs. The flow decides the rest (Continue on Line 1,
//! the reschedule variables). A record's next attempt is placed at `nextAttemptAt`; when the
//! dialer settings name a business-hours calendar, an attempt time outside it moves to the next
//! opening [A].

use std::sync::Arc;

use callflow_model::scenario::DialerRecord;
use callflow_model::{CallEvent, CallSetup, Environment, ScriptEvent};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::compile::{EngineError, Program};
use crate::sim::{Options, Sim, default_dialer};
use crate::trace::{DialerStatus, TraceKind};

/// A record and the outcomes of the legs dialled for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CampaignRecord {
    pub id: String,
    pub phone: String,
    /// Minute of the campaign at which the first attempt is placed.
    #[ts(type = "number")]
    pub start_minute: u64,
    /// Outcome of each agent leg dialled, in order (true = answered).
    pub agent: Vec<bool>,
    pub customer: Vec<bool>,
    /// Record keys (`$flow.key.<var>`): copied into the flow variables of the same name. The
    /// phone number is also `tel1` unless given.
    #[serde(default)]
    pub keys: std::collections::BTreeMap<String, serde_json::Value>,
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
/// Any other column is a record key (`tel2`, `expected_otp`, ...). Fields are plain (no quoting).
pub fn parse_records(text: &str) -> Result<Vec<CampaignRecord>, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Ok(Vec::new()) };
    let cols: Vec<String> = header.split(',').map(|c| c.trim().to_lowercase()).collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let id_col = col("id").ok_or("the records CSV needs an `id` column")?;
    let (phone, start, agent, customer) = (col("phone"), col("start_minute"), col("agent"), col("customer"));
    let outcomes = |s: &str, line: usize| -> Result<Vec<bool>, String> {
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| match x {
                "answered" | "a" | "yes" => Ok(true),
                "no_answer" | "n" | "no" => Ok(false),
                other => Err(format!("line {line}: `{other}` is not `answered` or `no_answer`")),
            })
            .collect()
    };
    let mut out = Vec::new();
    for (i, line) in lines {
        let n = i + 1;
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |c: Option<usize>| c.and_then(|c| f.get(c).copied()).unwrap_or("");
        let id = get(Some(id_col));
        if id.is_empty() {
            return Err(format!("line {n}: the record has no id"));
        }
        let mut keys = std::collections::BTreeMap::new();
        for (ci, name) in cols.iter().enumerate() {
            let known = [Some(id_col), phone, start, agent, customer].contains(&Some(ci));
            if !known && let Some(v) = f.get(ci).filter(|v| !v.is_empty()) {
                keys.insert(name.clone(), serde_json::Value::String(v.to_string()));
            }
        }
        out.push(CampaignRecord {
            keys,
            id: id.to_string(),
            phone: get(phone).to_string(),
            start_minute: match get(start) {
                "" => 0,
                s => s.parse().map_err(|_| format!("line {n}: start_minute `{s}` is not a whole number"))?,
            },
            agent: outcomes(get(agent), n)?,
            customer: outcomes(get(customer), n)?,
        });
    }
    Ok(out)
}

/// Runs every attempt of one record; the rows of the attempts report.
pub fn run_record(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    rec: &CampaignRecord,
) -> Result<Vec<AttemptRow>, EngineError> {
    let settings = env.dialer.clone().unwrap_or_else(default_dialer);
    let mut keys = rec.keys.clone();
    if !rec.phone.is_empty() {
        keys.entry("tel1".into()).or_insert_with(|| serde_json::Value::String(rec.phone.clone()));
    }
    let mut state = DialerRecord {
        id: rec.id.clone(),
        contact_numbers: vec![rec.phone.clone()],
        keys,
        agent_attempts_left: Some(settings.agent_attempts),
        customer_attempts_left: Some(settings.customer_attempts),
        ..DialerRecord::default()
    };
    let mut minute = shift_into_hours(env, rec.start_minute);
    let mut rows = Vec::new();
    let max_cycles = settings.agent_attempts + settings.customer_attempts;
    for attempt in 1..=max_cycles {
        let agent_ok = rec.agent.get(state.agent_attempt_no as usize).copied().unwrap_or(true);
        let customer_ok = rec.customer.get(state.customer_attempt_no as usize).copied().unwrap_or(true);
        let mut script = vec![ScriptEvent::new(0, CallEvent::DialerAgentLeg { answered: agent_ok })];
        if agent_ok {
            script.push(ScriptEvent::new(0, CallEvent::DialerCustomerLeg { answered: customer_ok }));
        }
        let setup = CallSetup { ani: rec.phone.clone(), record: Some(state.clone()), ..CallSetup::default() };
        let result = Sim::new(prog.clone(), env.clone(), setup, &script, Options::default())?.run();
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

    #[test]
    fn a_record_without_id_is_refused_with_its_line() {
        let err = parse_records("id,phone\n,+420601000001\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }
}
