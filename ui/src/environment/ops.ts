// Pure edits of a flow's environment (agents, queues, destinations, calendars, dialer settings)
// and the parsers of the editor's short text forms. Every edit returns a new document (applied
// through the store: one undo step each); bad text gives a message saying what and where.
import { invalid, type Invalid } from "../lib/i18n/message";
import type { Agent } from "../bindings/Agent";
import type { AgentGroup } from "../bindings/AgentGroup";
import type { AgentStatus } from "../bindings/AgentStatus";
import type { DialerSettings } from "../bindings/DialerSettings";
import type { Environment } from "../bindings/Environment";
import type { ExternalDestination } from "../bindings/ExternalDestination";
import type { OpeningRange } from "../bindings/OpeningRange";
import type { Queue } from "../bindings/Queue";
import type { Schedule } from "../bindings/Schedule";
import type { Weekday } from "../bindings/Weekday";
import type { Doc } from "../store/ops";

export const AGENT_STATUSES: AgentStatus[] = ["available", "busy", "after_call_work", "away", "offline"];

/** The engine's dialer settings when a flow names none (callflow_engine::sim::default_dialer). */
export const ENGINE_DIALER: DialerSettings = { agent_attempts: 3, agent_retry_minutes: 10, customer_attempts: 2, customer_retry_minutes: 60 };

/** The engine's virtual start time when neither the call nor the environment gives one. */
export const ENGINE_START = "2026-01-05T10:00:00Z";

/** The environment with every part present (the file leaves empty parts out). */
export function envOf(doc: Doc): Environment {
  return envFrom(doc.environment);
}

/** `envOf` of a document's `environment` field. */
export function envFrom(environment: Environment | undefined): Environment {
  const e = (environment ?? {}) as Partial<Environment>;
  return {
    ...e,
    agents: e.agents ?? [],
    queues: e.queues ?? [],
    external_destinations: e.external_destinations ?? [],
    calendars: e.calendars ?? {},
    dialer: e.dialer ?? null,
    flows: e.flows ?? {},
    start_time: e.start_time ?? null,
    seed: e.seed ?? null,
    presence: e.presence ?? { on_push_timeout: "away", on_decline: "available" },
  };
}

export function updateEnv(doc: Doc, edit: (env: Environment) => Environment): Doc {
  const before = envOf(doc);
  const after = edit(before);
  return after === before ? doc : { ...doc, environment: after };
}

function replaceAt<T>(list: T[], index: number, item: T): T[] {
  const out = list.slice();
  out[index] = item;
  return out;
}

/** An id not used by any of `taken` (`agent`, `agent_2`, ...). */
export function freshEnvId(taken: string[], base: string): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}_${n}`)) return `${base}_${n}`;
}

export function addAgent(doc: Doc): Doc {
  return updateEnv(doc, (env) => {
    const id = freshEnvId(env.agents.map((a) => a.id), "agent");
    const agent = { id, name: id.replace(/_/g, " "), email: `${id}@example.com`, status: "available", idle_sec: 0 } as unknown as Agent;
    return { ...env, agents: [...env.agents, agent] };
  });
}

/** Two available agents with one skill each: a first call through a queue gets answered. */
export function addSampleAgents(doc: Doc): Doc {
  return updateEnv(doc, (env) => {
    const taken = env.agents.map((a) => a.id);
    const a = freshEnvId(taken, "ana");
    const b = freshEnvId([...taken, a], "ben");
    const mk = (id: string, name: string, skill: string): Agent =>
      ({ id, name, email: `${id}@example.com`, ring_groups: [skill], attributes: { [skill]: 5 }, status: "available", idle_sec: 60 }) as unknown as Agent;
    return { ...env, agents: [...env.agents, mk(a, "Ana", "support"), mk(b, "Ben", "sales")] };
  });
}

export function updateAgent(doc: Doc, index: number, patch: Partial<Agent>): Doc {
  return updateEnv(doc, (env) => {
    const a = env.agents[index];
    if (!a) return env;
    return { ...env, agents: replaceAt(env.agents, index, { ...a, ...patch }) };
  });
}

export function removeAgent(doc: Doc, index: number): Doc {
  return updateEnv(doc, (env) => (env.agents[index] ? { ...env, agents: env.agents.filter((_, i) => i !== index) } : env));
}

/** `billing:5, technical` -> `{billing: 5, technical: 1}`. */
export function parseSkills(text: string): Record<string, number> | Invalid {
  const out: Record<string, number> = {};
  for (const [i, part] of text.split(",").map((p) => p.trim()).entries()) {
    if (!part) continue;
    const [name, level] = part.split(":").map((p) => p.trim());
    if (!name) return invalid("invalid.skillName", { n: i + 1 });
    const n = level === undefined || level === "" ? 1 : Number(level);
    if (!Number.isInteger(n) || n < 0) return invalid("invalid.skillLevel", { name, level: level ?? "" });
    out[name] = n;
  }
  return out;
}

export function formatSkills(attributes: Record<string, number> | undefined): string {
  return Object.entries(attributes ?? {}).map(([k, v]) => `${k}:${v}`).join(", ");
}

export function parseList(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

export function addQueue(doc: Doc): Doc {
  return updateEnv(doc, (env) => {
    const id = freshEnvId(env.queues.map((q) => q.id), "queue");
    return { ...env, queues: [...env.queues, { id, name: id, groups: [] }] };
  });
}

export function updateQueue(doc: Doc, index: number, patch: Partial<Queue>): Doc {
  return updateEnv(doc, (env) => (env.queues[index] ? { ...env, queues: replaceAt(env.queues, index, { ...env.queues[index]!, ...patch }) } : env));
}

export function removeQueue(doc: Doc, index: number): Doc {
  return updateEnv(doc, (env) => (env.queues[index] ? { ...env, queues: env.queues.filter((_, i) => i !== index) } : env));
}

/** `1: ana, ben; 2: cy` -> groups in priority order (ids `g1`, `g2`, ...). */
export function parseGroups(text: string): AgentGroup[] | Invalid {
  const out: AgentGroup[] = [];
  for (const [i, part] of text.split(";").map((p) => p.trim()).entries()) {
    if (!part) continue;
    const colon = part.indexOf(":");
    if (colon < 0) return invalid("invalid.groupForm", { n: i + 1 });
    const priority = Number(part.slice(0, colon).trim());
    if (!Number.isInteger(priority) || priority < 0) return invalid("invalid.groupPriority", { n: i + 1, text: part.slice(0, colon).trim() });
    out.push({ id: `g${out.length + 1}`, priority, members: parseList(part.slice(colon + 1)) });
  }
  return out.sort((a, b) => a.priority - b.priority);
}

export function formatGroups(groups: AgentGroup[]): string {
  return groups.map((g) => `${g.priority}: ${g.members.join(", ")}`).join("; ");
}

export function addDestination(doc: Doc): Doc {
  return updateEnv(doc, (env) => {
    const name = freshEnvId(env.external_destinations.map((d) => d.name), "destination");
    const d: ExternalDestination = { name, enabled: true, number: "+15550100200", outdial_timeout_sec: 30, no_answer_backoff_sec: 120, busy_backoff_sec: 120, active_calls: 0 };
    return { ...env, external_destinations: [...env.external_destinations, d] };
  });
}

export function updateDestination(doc: Doc, index: number, patch: Partial<ExternalDestination>): Doc {
  return updateEnv(doc, (env) => {
    const d = env.external_destinations[index];
    if (!d) return env;
    const next = { ...d, ...patch };
    if (patch.max_simultaneous_calls === undefined && "max_simultaneous_calls" in patch) delete next.max_simultaneous_calls;
    return { ...env, external_destinations: replaceAt(env.external_destinations, index, next) };
  });
}

export function removeDestination(doc: Doc, index: number): Doc {
  return updateEnv(doc, (env) => (env.external_destinations[index] ? { ...env, external_destinations: env.external_destinations.filter((_, i) => i !== index) } : env));
}

const DAYS: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const SHORT = DAYS.map((d) => d.slice(0, 3));

/** `mon-fri 08:00-17:00; sat 09:00-12:00` -> opening ranges. */
export function parseWeekly(text: string): OpeningRange[] | Invalid {
  const out: OpeningRange[] = [];
  for (const [i, part] of text.split(";").map((p) => p.trim()).entries()) {
    if (!part) continue;
    const m = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/i.exec(part);
    if (!m) return invalid("invalid.rangeForm", { n: i + 1, text: part });
    const from = SHORT.indexOf(m[1]!.toLowerCase());
    const to = m[2] ? SHORT.indexOf(m[2].toLowerCase()) : from;
    if (from < 0 || to < 0 || to < from) return invalid("invalid.rangeDays", { n: i + 1 });
    if (m[3]! >= m[4]!) return invalid("invalid.rangeTimes", { n: i + 1, from: m[3]!, to: m[4]! });
    for (let d = from; d <= to; d++) out.push({ day: DAYS[d]!, from: m[3]!, to: m[4]! });
  }
  return out;
}

/** An IANA time zone name (`Europe/Prague`), as the engine's calendars read it. */
export function parseTimeZone(text: string): string | Invalid {
  const zone = text.trim();
  if (!zone) return invalid("invalid.timezone");
  try {
    // Throws a RangeError for a name the time-zone database does not know.
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    return invalid("invalid.timezoneUnknown", { text: zone });
  }
  return zone;
}

/** `2026-12-24, 2026-12-25` -> holiday dates; each must be a real day of the calendar. */
export function parseHolidays(text: string): string[] | Invalid {
  const list = parseList(text);
  const bad = list.find((x) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(x);
    if (!m) return true;
    const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3]);
  });
  return bad === undefined ? list : invalid("invalid.date", { text: bad });
}

export function formatWeekly(weekly: OpeningRange[]): string {
  return weekly.map((r) => `${r.day.slice(0, 3)} ${r.from}-${r.to}`).join("; ");
}

export function addCalendar(doc: Doc, timezone: string): Doc {
  return updateEnv(doc, (env) => {
    const name = freshEnvId(Object.keys(env.calendars), "office_hours");
    const cal: Schedule = { timezone, weekly: DAYS.slice(0, 5).map((day) => ({ day, from: "08:00", to: "17:00" })) };
    return { ...env, calendars: { ...env.calendars, [name]: cal } };
  });
}

export function updateCalendar(doc: Doc, name: string, patch: Partial<Schedule>): Doc {
  return updateEnv(doc, (env) => {
    const cal = env.calendars[name];
    if (!cal) return env;
    return { ...env, calendars: { ...env.calendars, [name]: { ...cal, ...patch } } };
  });
}

export function removeCalendar(doc: Doc, name: string): Doc {
  return updateEnv(doc, (env) => {
    if (!(name in env.calendars)) return env;
    const calendars = { ...env.calendars };
    delete calendars[name];
    const dialer = env.dialer?.business_hours === name ? { ...env.dialer, business_hours: undefined } : env.dialer;
    return { ...env, calendars, dialer };
  });
}

/** Dialer settings; `null` goes back to the engine's defaults. */
export function setDialer(doc: Doc, dialer: DialerSettings | null): Doc {
  return updateEnv(doc, (env) => ({ ...env, dialer }));
}

export function setStartTime(doc: Doc, start: string | null): Doc {
  return updateEnv(doc, (env) => ({ ...env, start_time: start }));
}
