// The campaign view's records (the dialer's input, not part of the flow document) and the text
// forms the records table edits them in.
import type { CampaignRecord } from "../engine-bindings/CampaignRecord";
import type { JsonValue } from "../bindings/serde_json/JsonValue";

/** Records a first campaign runs without set-up: one answered at once, one whose agent misses
 * the first ring, one whose customer does not pick up twice. */
export function defaultRecords(): CampaignRecord[] {
  return [
    { id: "r1", phone: "+420601000001", start_minute: 0, agent: [], customer: [], keys: {} },
    { id: "r2", phone: "+420601000002", start_minute: 0, agent: [false], customer: [], keys: {} },
    { id: "r3", phone: "+420601000003", start_minute: 5, agent: [], customer: [false, false], keys: {} },
  ];
}

/** `answered; no_answer` <-> `[true, false]` (empty: always answered). */
export function formatLegs(legs: boolean[]): string {
  return legs.map((a) => (a ? "answered" : "no_answer")).join("; ");
}

export function parseLegs(text: string): boolean[] | { error: string } {
  const out: boolean[] = [];
  for (const part of text.split(/[;,]/).map((p) => p.trim().toLowerCase())) {
    if (part === "") continue;
    if (["answered", "a", "yes"].includes(part)) out.push(true);
    else if (["no_answer", "n", "no"].includes(part)) out.push(false);
    else return { error: `\`${part}\` is not \`answered\` or \`no_answer\`` };
  }
  return out;
}

/** `expected_otp=1234, tel2=+4206…` <-> record keys (string values). */
export function formatKeys(keys: Record<string, JsonValue | undefined>): string {
  return Object.entries(keys)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

export function parseKeys(text: string): Record<string, JsonValue> | { error: string } {
  const out: Record<string, JsonValue> = {};
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return { error: `\`${part}\`: write \`name=value\`` };
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** A record id not used yet (`r4`, ...). */
export function nextRecordId(records: CampaignRecord[]): string {
  const taken = new Set(records.map((r) => r.id));
  for (let n = records.length + 1; ; n++) if (!taken.has(`r${n}`)) return `r${n}`;
}

/** The records as CSV in the form `parse_campaign_records` reads (what "Paste CSV" starts from). */
export function recordsCsv(records: CampaignRecord[]): string {
  const keyNames = [...new Set(records.flatMap((r) => Object.keys(r.keys)))].sort();
  const head = ["id", "phone", "start_minute", "agent", "customer", ...keyNames].join(",");
  const lines = records.map((r) =>
    [r.id, r.phone, String(r.start_minute), r.agent.map((a) => (a ? "answered" : "no_answer")).join(";"), r.customer.map((a) => (a ? "answered" : "no_answer")).join(";"), ...keyNames.map((k) => {
      const v = r.keys[k];
      return v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
    })].join(","),
  );
  return [head, ...lines].join("\n") + "\n";
}
