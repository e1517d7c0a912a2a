// Reading the JSON Schemas of the catalog (schemars, draft 2020-12): references, optional
// values, tagged unions, defaults. The inspector's forms and new components' configs are
// generated from these; no kind's fields are written down anywhere in the UI.

export type Schema = {
  $ref?: string;
  $defs?: Record<string, Schema>;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  "x-widget"?: string;
};

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Follows `$ref` (within `root.$defs`), keeping the referring schema's description/default. */
export function resolve(root: Schema, schema: Schema): Schema {
  let s = schema;
  let guard = 0;
  while (s.$ref && guard++ < 32) {
    const name = s.$ref.replace(/^#\/\$defs\//, "");
    const target = root.$defs?.[name] ?? {};
    const { $ref: _ignored, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

/** For `Option<T>`: the schema of T and whether null is allowed. */
export function unwrapNullable(root: Schema, schema: Schema): { schema: Schema; nullable: boolean } {
  const s = resolve(root, schema);
  if (s.anyOf && s.anyOf.length === 2) {
    const nonNull = s.anyOf.find((x) => !isNullSchema(x));
    if (nonNull && s.anyOf.some(isNullSchema)) {
      const { anyOf: _a, ...rest } = s;
      return { schema: resolve(root, { ...rest, ...nonNull }), nullable: true };
    }
  }
  if (Array.isArray(s.type) && s.type.includes("null")) {
    const types = s.type.filter((t) => t !== "null");
    return { schema: { ...s, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema: s, nullable: false };
}

function isNullSchema(s: Schema): boolean {
  return s.type === "null";
}

export function primaryType(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  return s.type;
}

/** A union's variants: tagged by `type` (internally) or by a single key (externally). */
export type Variant = { tag: string; schema: Schema; style: "internal" | "external"; description?: string };

export function variants(root: Schema, schema: Schema): Variant[] | null {
  const s = resolve(root, schema);
  const list = s.oneOf;
  if (!list) return null;
  const out: Variant[] = [];
  for (const raw of list) {
    const v = resolve(root, raw);
    const tagConst = v.properties?.type?.const;
    if (typeof tagConst === "string") {
      out.push({ tag: tagConst, schema: v, style: "internal", description: v.description });
    } else if (v.properties && v.required?.length === 1) {
      out.push({ tag: v.required[0]!, schema: v, style: "external", description: v.description });
    } else if (typeof v.const === "string") {
      out.push({ tag: v.const, schema: v, style: "internal", description: v.description });
    } else return null;
  }
  return out;
}

/** Which variant `value` is. */
export function variantOf(vs: Variant[], value: unknown): Variant | undefined {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (typeof obj.type === "string") return vs.find((v) => v.style === "internal" && v.tag === obj.type);
    return vs.find((v) => v.style === "external" && v.tag in obj);
  }
  if (typeof value === "string") return vs.find((v) => v.tag === value);
  return undefined;
}

/** The smallest value that satisfies `schema`: defaults where given, empty otherwise. */
/** The IANA time zone of this computer ("UTC" when the runtime does not say). */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function defaultValue(root: Schema, schema: Schema, depth = 0): Json {
  const s = resolve(root, schema);
  if (s.default !== undefined) return s.default as Json;
  if (depth > 12) return null;
  const { nullable } = unwrapNullable(root, s);
  if (nullable) return null;
  const vs = variants(root, s);
  if (vs && vs.length > 0) return variantDefault(root, vs[0]!, depth);
  if (s.enum && s.enum.length > 0) return s.enum[0] as Json;
  if (s.const !== undefined) return s.const as Json;
  switch (primaryType(s)) {
    case "object":
      return objectDefault(root, s, depth);
    case "array":
      return [];
    case "string":
      // A new schedule starts in the designer's own time zone rather than an invalid "".
      return s["x-widget"] === "timezone" ? localTimeZone() : "";
    case "integer":
    case "number":
      return s.minimum ?? 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

export function variantDefault(root: Schema, v: Variant, depth = 0): Json {
  if (v.style === "external") {
    const inner = v.schema.properties?.[v.tag] ?? {};
    return { [v.tag]: defaultValue(root, inner, depth + 1) };
  }
  if (!v.schema.properties) return v.tag;
  return objectDefault(root, v.schema, depth);
}

function objectDefault(root: Schema, s: Schema, depth: number): Json {
  const out: Record<string, Json> = {};
  for (const key of s.required ?? []) {
    const prop = s.properties?.[key];
    if (prop) out[key] = defaultValue(root, prop, depth + 1);
  }
  return out;
}

/** The label of a field: its name, humanised (`ring_timeout_sec` -> `Ring timeout`). */
export function humanize(name: string): string {
  const words = name.replace(/_sec$/, "").split("_").filter(Boolean);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The label of a union variant: short tags are acronyms (`tts` -> `TTS`). */
export function variantLabel(tag: string): string {
  return tag.length <= 3 ? tag.toUpperCase() : humanize(tag);
}

/** Formats seconds as `1 h 5 min 3 s`. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return "";
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const parts = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return parts.join(" ");
}

/** The words a summary is written with (see `summarize`); English by default. */
export interface SummaryWords {
  /** A field's label, as it stands before its value (`ring timeout`). */
  field(key: string): string;
  /** A day's short name (0 is Monday). */
  day(index: number): string;
  /** A list counted: dates (`3 holidays`) or other items (`2 × targets`). */
  count(n: number, key: string | null, what: "dates" | "items"): string;
}

export const ENGLISH_SUMMARY: SummaryWords = {
  field: (key) => humanize(key).toLowerCase(),
  day: (index) => humanize(DAYS[index] ?? "").slice(0, 3),
  count: (n, key, what) => (what === "dates" ? `${n} ${humanize(key ?? "dates").toLowerCase()}` : `${n} × ${humanize(key ?? "item").toLowerCase()}`),
};

/** A one-line summary of a config, for the node: prompts quoted, lists counted, values listed.
 * Exported pictures draw the same line in English (`crates/export/src/summary.rs`;
 * `summaryparity.test.ts`). */
export function summarize(value: unknown, max = 60, words: SummaryWords = ENGLISH_SUMMARY): string {
  const parts: string[] = [];
  const visit = (v: unknown, key: string | null, depth: number) => {
    if (parts.join(" · ").length > max || depth > 3) return;
    if (v === null || v === undefined || v === "") return;
    if (typeof v === "string") {
      if (key === "type") return;
      parts.push(key === "text" ? `“${v}”` : v);
    } else if (typeof v === "number" || typeof v === "boolean") {
      if (typeof v === "boolean" && !v) return;
      parts.push(key && key.endsWith("_sec") ? `${words.field(key)} ${formatDuration(v as number)}` : key ? `${words.field(key)} ${String(v)}` : String(v));
    } else if (Array.isArray(v)) {
      const hours = weeklyHours(v, words.day);
      if (hours) return void parts.push(hours);
      if (v.length > 0 && v.every((x) => typeof x === "string" && ISO_DATE.test(x))) {
        return void parts.push(words.count(v.length, key, "dates"));
      }
      const keys = v
        .map((x) => (x && typeof x === "object" && "key" in x ? String((x as { key: unknown }).key) : x && typeof x === "object" && "name" in x ? String((x as { name: unknown }).name) : typeof x === "string" ? x : null))
        .filter((x): x is string => x !== null);
      if (keys.length > 0) parts.push(keys.join(", "));
      else if (v.length > 0) parts.push(words.count(v.length, key, "items"));
    } else if (typeof v === "object") {
      const obj = v as Record<string, unknown>;
      // Show prompts and tagged values first.
      const ordered = Object.keys(obj).sort((a, b) => rank(a) - rank(b));
      for (const k of ordered) visit(obj[k], k, depth + 1);
    }
  };
  visit(value, null, 0);
  const line = parts.join(" · ");
  if (line.length <= max) return line;
  // Cut between characters: one outside the BMP is two UTF-16 units and stays whole.
  let end = max - 1;
  const last = line.charCodeAt(end - 1);
  if (last >= 0xd800 && last < 0xdc00) end -= 1;
  return `${line.slice(0, end)}…`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** Opening ranges (`{day, from, to}`) as a week: `Mon–Fri 08:00–18:00, Sat 09:00–13:00`;
 * null when the list is not a week of opening ranges. */
export function weeklyHours(list: unknown[], day: (index: number) => string = ENGLISH_SUMMARY.day): string | null {
  if (list.length === 0) return null;
  const hoursByDay = new Map<number, string[]>();
  for (const item of list) {
    if (!item || typeof item !== "object") return null;
    const { day, from, to } = item as Record<string, unknown>;
    const index = DAYS.indexOf(String(day));
    if (index < 0 || typeof from !== "string" || typeof to !== "string") return null;
    hoursByDay.set(index, [...(hoursByDay.get(index) ?? []), `${from}–${to}`]);
  }
  // Runs of consecutive days with the same hours share one label.
  const runs: { first: number; last: number; hours: string }[] = [];
  for (let day = 0; day < 7; day++) {
    const ranges = hoursByDay.get(day);
    if (!ranges) continue;
    const hours = ranges.sort().join(" + ");
    const previous = runs[runs.length - 1];
    if (previous && previous.last === day - 1 && previous.hours === hours) previous.last = day;
    else runs.push({ first: day, last: day, hours });
  }
  return runs
    .map(({ first, last, hours }) => `${first === last ? day(first) : `${day(first)}–${day(last)}`} ${hours}`)
    .join(", ");
}

function rank(key: string): number {
  const order = ["text", "prompt", "weekly", "timezone", "greeting", "options", "selection", "branches", "assignments", "module", "queue", "phone_number", "number", "agent", "external_destination"];
  const i = order.indexOf(key);
  return i === -1 ? 100 : i;
}
