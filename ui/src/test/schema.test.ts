import { describe, expect, it } from "vitest";
import { defaultValue, formatDuration, localTimeZone, humanize, summarize, unwrapNullable, variantOf, variants, weeklyHours, type Schema } from "../lib/schema";
import { loadCatalog } from "./fixtures";

const catalog = loadCatalog();
const schemaOf = (kind: string) => catalog.find((e) => e.kind === kind)!.config_schema as Schema;

describe("forms from the catalog's JSON Schemas", () => {
  it("gives every kind a default config holding all its required fields", () => {
    for (const entry of catalog) {
      const schema = entry.config_schema as Schema;
      const value = defaultValue(schema, schema) as Record<string, unknown>;
      expect(typeof value, entry.kind).toBe("object");
      for (const key of schema.required ?? []) expect(value, `${entry.kind}.${key}`).toHaveProperty(key);
    }
  });

  it("fills menu defaults: a TTS prompt, no options, timeouts from the schema", () => {
    const schema = schemaOf("menu");
    expect(defaultValue(schema, schema)).toEqual({ prompt: { type: "tts", text: "" }, options: [] });
    expect(defaultValue(schema, schema.properties!.timeout_sec!)).toBe(5);
  });

  it("starts a new schedule in the computer's time zone (not an invalid empty one)", () => {
    const schema = schemaOf("business_hours");
    const value = defaultValue(schema, schema) as { schedule: { timezone: string } };
    expect(value.schedule.timezone).toBe(localTimeZone());
    expect(value.schedule.timezone).toMatch(/^[A-Za-z_]+(\/[A-Za-z_+\-0-9]+)*$/);
  });

  it("reads internally and externally tagged unions", () => {
    const prompt = schemaOf("menu");
    const vs = variants(prompt, { $ref: "#/$defs/Prompt" })!;
    expect(vs.map((v) => v.tag)).toEqual(["tts", "audio", "variable"]);
    expect(variantOf(vs, { type: "audio", asset: "x" })?.tag).toBe("audio");

    const dial = schemaOf("dial_agent");
    const sources = variants(dial, dial.properties!.agent!)!;
    expect(sources.map((v) => [v.tag, v.style])).toEqual([
      ["literal", "external"],
      ["variable", "external"],
    ]);
    expect(variantOf(sources, { variable: "agent_email" })?.tag).toBe("variable");
  });

  it("unwraps optional values", () => {
    const menu = schemaOf("menu");
    const { nullable, schema } = unwrapNullable(menu, menu.properties!.invalid_prompt!);
    expect(nullable).toBe(true);
    expect(schema.oneOf).toBeDefined();
    const bh = schemaOf("business_hours");
    const evalAt = unwrapNullable(bh, bh.properties!.evaluate_at!);
    expect(evalAt).toMatchObject({ nullable: true, schema: { type: "string", "x-widget": "variable" } });
  });

  it("every x-widget hint in the catalog is one the form knows", () => {
    const known = new Set(["duration", "phone", "variable", "expression", "timezone", "flow-ref", "exit-names", "regex", "external-destination"]);
    const seen = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "x-widget") seen.add(String(x));
          walk(x);
        }
      }
    };
    walk(catalog.map((e) => e.config_schema));
    for (const w of seen) expect(known, w).toContain(w);
  });

  it("summarises configs on one line", () => {
    expect(summarize({ prompt: { type: "tts", text: "Hello" }, options: [{ key: "1" }, { key: "2" }] })).toBe("“Hello” · 1, 2");
    expect(summarize({ ring_timeout_sec: 90 })).toBe("ring timeout 1 min 30 s");
    expect(summarize({ text: "x".repeat(100) }).length).toBeLessThanOrEqual(60);
    const weekday = (day: string, from = "08:00", to = "18:00") => ({ day, from, to });
    expect(
      summarize({
        schedule: {
          holidays: ["2026-12-25", "2026-12-26"],
          timezone: "Europe/London",
          weekly: [...["monday", "tuesday", "wednesday", "thursday", "friday"].map((d) => weekday(d)), weekday("saturday", "09:00", "13:00")],
        },
      }),
    ).toBe("Mon–Fri 08:00–18:00, Sat 09:00–13:00 · Europe/London · 2 ho…");
    expect(weeklyHours([weekday("monday", "13:00", "17:00"), weekday("monday", "08:00", "12:00"), weekday("wednesday")])).toBe(
      "Mon 08:00–12:00 + 13:00–17:00, Wed 08:00–18:00",
    );
    expect(weeklyHours([{ day: "monday" }])).toBeNull();
    expect(summarize({ holidays: ["2026-12-25", "2027-01-01"] })).toBe("2 holidays");
  });

  it("formats durations and labels", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(3725)).toBe("1 h 2 min 5 s");
    expect(humanize("max_waiting_time_sec")).toBe("Max waiting time");
  });
});
