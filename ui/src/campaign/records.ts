// The campaign view's records (the dialer's input, not part of the flow document) and the text
// forms the records table edits them in.
import type { CampaignRecord } from "../bindings/CampaignRecord";
import type { Flow } from "../bindings/Flow";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { invalid, type Invalid } from "../lib/i18n/message";

/** A code a Collect digits accepts by length (the engine reads it from `expected_<id>`). */
function codeFor(config: JsonValue | undefined, digit?: string): string {
  const c = (config && typeof config === "object" && !Array.isArray(config) ? config : {}) as Record<string, JsonValue | undefined>;
  const min = typeof c.min_digits === "number" ? c.min_digits : 1;
  const max = typeof c.max_digits === "number" ? c.max_digits : Math.max(min, 6);
  const len = Math.max(1, Math.min(Math.max(min, 6), max));
  return digit ? digit.repeat(len) : "1234567890".repeat(Math.ceil(len / 10)).slice(0, len);
}

/** Records a first campaign runs without set-up: one answered at once, one whose agent misses
 * the first ring, one whose customer does not pick up twice. When the flow collects digits, the
 * records carry the right code (`expected_<component>`, which customers type by default) and the
 * third customer, after missing the first call, types a wrong code instead: the campaign shows
 * successes and both kinds of failure. */
export function defaultRecords(flow?: Flow): CampaignRecord[] {
  const collects = Object.entries(flow?.components ?? {}).filter(([, c]) => c.kind === "collect_digits");
  const keys: CampaignRecord["keys"] = Object.fromEntries(collects.map(([id, c]) => [`expected_${id}`, codeFor(c.config)]));
  const first = collects[0];
  const wrong: Pick<CampaignRecord, "customer" | "inputs"> = first
    ? { customer: [false], inputs: { [first[0]]: [codeFor(first[1].config, "0")] } }
    : { customer: [false, false], inputs: {} };
  return [
    { id: "r1", phone: "+420601000001", start_minute: 0, agent: [], customer: [], keys: { ...keys }, inputs: {} },
    { id: "r2", phone: "+420601000002", start_minute: 0, agent: [false], customer: [], keys: { ...keys }, inputs: {} },
    { id: "r3", phone: "+420601000003", start_minute: 5, agent: [], keys: { ...keys }, ...wrong },
  ];
}

/** One answer of a customer at a prompt, as the engine reads it: keys, `$record_key`,
 * `silence` or `hangup`. */
export function isPromptInput(answer: string): boolean {
  return /^[0-9*#]+$/.test(answer) || /^\$.+/.test(answer) || ["silence", "timeout", "no_input", "hangup", "hang_up"].includes(answer.toLowerCase());
}

/** `otp=111111; 123456, menu=2` <-> `{ otp: ["111111", "123456"], menu: ["2"] }`: what the
 * customer does each time a component's prompt waits. */
export function formatInputs(inputs: CampaignRecord["inputs"]): string {
  return Object.entries(inputs)
    .map(([component, answers]) => `${component}=${(answers ?? []).join("; ")}`)
    .join(", ");
}

export function parseInputs(text: string): CampaignRecord["inputs"] | Invalid {
  const out: CampaignRecord["inputs"] = {};
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return invalid("invalid.inputForm", { text: part });
    const answers = part.slice(eq + 1).split(";").map((a) => a.trim()).filter((a) => a !== "");
    const bad = answers.find((a) => !isPromptInput(a));
    if (bad !== undefined) return invalid("invalid.promptInput", { text: bad });
    out[part.slice(0, eq).trim()] = answers;
  }
  return out;
}

/** `answered; no_answer` <-> `[true, false]` (empty: always answered). */
export function formatLegs(legs: boolean[]): string {
  return legs.map((a) => (a ? "answered" : "no_answer")).join("; ");
}

export function parseLegs(text: string): boolean[] | Invalid {
  const out: boolean[] = [];
  for (const part of text.split(/[;,]/).map((p) => p.trim().toLowerCase())) {
    if (part === "") continue;
    if (["answered", "a", "yes"].includes(part)) out.push(true);
    else if (["no_answer", "n", "no"].includes(part)) out.push(false);
    else return invalid("invalid.legOutcome", { text: part });
  }
  return out;
}

/** `expected_otp=1234, tel2=+4206…` <-> record keys (string values). */
export function formatKeys(keys: Record<string, JsonValue | undefined>): string {
  return Object.entries(keys)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

export function parseKeys(text: string): Record<string, JsonValue> | Invalid {
  const out: Record<string, JsonValue> = {};
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return invalid("invalid.keyForm", { text: part });
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** A record id not used yet (`r4`, ...). */
export function nextRecordId(records: CampaignRecord[]): string {
  const taken = new Set(records.map((r) => r.id));
  for (let n = records.length + 1; ; n++) if (!taken.has(`r${n}`)) return `r${n}`;
}

/** The records as CSV in the form `parse_campaign_records` reads (what "Paste CSV" starts from):
 * record keys, then one `input:<component>` column per prompt a record answers. */
export function recordsCsv(records: CampaignRecord[]): string {
  const keyNames = [...new Set(records.flatMap((r) => Object.keys(r.keys)))].sort();
  const inputNames = [...new Set(records.flatMap((r) => Object.keys(r.inputs)))].sort();
  const head = ["id", "phone", "start_minute", "agent", "customer", ...keyNames, ...inputNames.map((c) => `input:${c}`)].join(",");
  const lines = records.map((r) =>
    [r.id, r.phone, String(r.start_minute), r.agent.map((a) => (a ? "answered" : "no_answer")).join(";"), r.customer.map((a) => (a ? "answered" : "no_answer")).join(";"), ...keyNames.map((k) => {
      const v = r.keys[k];
      return v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
    }), ...inputNames.map((c) => (r.inputs[c] ?? []).join(";"))].join(","),
  );
  return [head, ...lines].join("\n") + "\n";
}
