import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { catalogs, exitLabel, translate } from "../lib/i18n";
import { cs } from "../lib/i18n/cs";
import { en } from "../lib/i18n/en";
import fs from "node:fs";
import path from "node:path";
import { csDiagnosticTitles, diagnosticText } from "../lib/i18n/diagnostics";
import { csChecks } from "../lib/i18n/checks";
import checkTemplates from "../lib/i18n/checks.en.json";
import { CZECH_SUMMARY, csFields, csValues, fieldLabel, valueLabel } from "../lib/i18n/fields";
import { summarize } from "../lib/schema";
import { csExits, csKindDescriptions, csKinds } from "../lib/i18n/kinds";
import { loadCatalog, loadFindingSamples } from "./fixtures";

/** The arguments a message uses (`{path}`, `{n, plural, …}`), from its ICU MessageFormat syntax
 * tree; throws on a message that is not valid ICU. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if ("value" in el && typeof el.value === "string" && el.type !== TYPE.literal) names.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...names].sort();
}

describe("message catalogs", () => {
  it("English and Czech have exactly the same keys", () => {
    expect(Object.keys(cs).sort()).toEqual(Object.keys(en).sort());
  });

  it("no message is empty and both languages use the same placeholders", () => {
    for (const [key, text] of Object.entries(en)) {
      const czech = cs[key as keyof typeof en];
      expect(text.trim(), key).not.toBe("");
      expect(czech.trim(), key).not.toBe("");
      expect(placeholders(czech), key).toEqual(placeholders(text));
    }
  });

  it("every exit of the catalog has a Czech label; derived exits keep their names", () => {
    const exits = new Set(loadCatalog().flatMap((entry) => entry.exits.map((e) => e.name)));
    expect(exits.size).toBeGreaterThan(15);
    expect(Object.keys(csExits).sort()).toEqual([...exits].sort());
    expect([exitLabel("no_answer", "cs"), exitLabel("no_answer", "en"), exitLabel("key_1", "cs")]).toEqual(["nikdo to nevzal", "no answer", "key 1"]);
  });

  it("every catalog kind has a Czech label", () => {
    for (const entry of loadCatalog()) expect(csKinds[entry.kind], entry.kind).toBeTruthy();
    expect(Object.keys(csKinds)).toHaveLength(loadCatalog().length);
    for (const entry of loadCatalog()) expect(csKindDescriptions[entry.kind], entry.kind).toBeTruthy();
    expect(Object.keys(csKindDescriptions)).toHaveLength(loadCatalog().length);
  });

  it("every config field and choice of the catalog has a Czech label, and none is left over", () => {
    const fields = new Set<string>();
    const values = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      const schema = node as Record<string, unknown>;
      if (schema.properties && typeof schema.properties === "object") for (const name of Object.keys(schema.properties)) fields.add(name);
      // Enum values other than the twelve keys, and the tags of variants (`{ "const": "tts" }`).
      if (Array.isArray(schema.enum)) for (const v of schema.enum) if (typeof v === "string" && !/^[0-9*#]$/.test(v)) values.add(v);
      if (typeof schema.const === "string") values.add(schema.const);
      Object.values(schema).forEach(walk);
    };
    for (const entry of loadCatalog()) walk(entry.config_schema);
    expect(fields.size).toBeGreaterThan(50);
    expect(Object.keys(csFields).sort()).toEqual([...fields].sort());
    expect(Object.keys(csValues).sort()).toEqual([...values].sort());
    expect(fieldLabel("cs", "ring_timeout_sec")).toBe("Doba vyzvánění");
    expect(fieldLabel("en", "ring_timeout_sec")).toBe("Ring timeout");
    expect([valueLabel("en", "tts", true), valueLabel("en", "monday", false), valueLabel("cs", "monday", false)]).toEqual(["TTS", "Monday", "Pondělí"]);
  });

  it("every diagnostic code has a Czech title (the codes as docs/diagnostics.md lists them)", () => {
    const docs = fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../docs/diagnostics.md"), "utf8");
    const codes = [...docs.matchAll(/^\| `(CF\d{4})` \|/gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(60);
    expect(Object.keys(csDiagnosticTitles).sort()).toEqual([...codes].sort());
    // A finding without wording: the code's Czech title over the English.
    const d = { code: "CF0106", message: "Menu \"Main\" (menu): mandatory exit `invalid` is not connected.", hint: "Connect it." };
    expect(diagnosticText("cs", d)).toEqual({ headline: "Povinný výstup není připojen", detail: d.message, hint: d.hint, lang: "en" });
    expect(diagnosticText("en", d)).toEqual({ headline: d.message, detail: null, hint: d.hint, lang: "en" });
  });

  it("every template of the checks has a Czech wording with the same arguments (checks.en.json)", () => {
    const english = Object.entries(checkTemplates as Record<string, string>);
    expect(english.length).toBeGreaterThan(100);
    expect(Object.keys(csChecks).sort()).toEqual(english.map(([id]) => id).sort());
    for (const [id, text] of english) {
      // Rust's placeholders: `{name}`; any other brace is text (`{8,15}` in a regex).
      const names = [...new Set([...text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();
      expect(placeholders(csChecks[id]!), id).toEqual(names);
    }
  });

  it("every Czech template of the checks formats (plural forms get numbers, the rest text)", () => {
    for (const [id, text] of Object.entries(csChecks)) {
      const values: Record<string, string | number> = {};
      const walk = (elements: MessageFormatElement[]) => {
        for (const el of elements) {
          if (el.type === TYPE.plural || el.type === TYPE.select) {
            values[el.value] = 3;
            for (const option of Object.values(el.options)) walk(option.value);
          } else if (el.type === TYPE.argument) values[el.value] ??= "x";
        }
      };
      walk(parse(text, { ignoreTag: true }));
      const out = String(new IntlMessageFormat(text, "cs", undefined, { ignoreTag: true }).format(values));
      expect(out.length, id).toBeGreaterThan(0);
    }
  });

  it("words every shape of finding the real checks produce in Czech, none falling back to English", () => {
    const samples = loadFindingSamples();
    expect(samples.length).toBeGreaterThan(40);
    for (const d of samples) {
      const words = diagnosticText("cs", d);
      expect(words.lang, `${d.code} ${d.wording?.message}: ${words.headline}`).toBe("cs");
      expect(words.headline + words.hint, d.wording?.message).not.toMatch(/\{[a-z_]+\}/);
      // A plural form given text instead of a number writes "NaN" rather than failing.
      expect(words.headline + words.hint, d.wording?.message).not.toContain("NaN");
    }
  });

  it("words a finding in Czech from its wording: components, kinds, numbers, phrases", () => {
    const menu = { component: { id: "m1", kind: "menu" as const, name: "Hlavní" } };
    const keys = {
      code: "CF0302",
      message: "(English)",
      hint: "(English hint)",
      wording: { message: "handling.TOO_MANY_KEYS", hint: "handling.BIND_EACH_KEY_ONCE", args: { who: menu, count: { number: 13 } } },
    };
    expect(diagnosticText("cs", keys)).toEqual({
      headline: "Menu „Hlavní“ (m1) má přiřazeno 13 alternativních kláves; klávesnice jich má 12.",
      detail: null,
      hint: "Každou z kláves `0-9 * #` přiřaďte nejvýše jednou.",
      lang: "cs",
    });
    const kinds = { ...keys, code: "CF0303", wording: { message: "handling.HANDLING_NOT_SUPPORTED", hint: "handling.RESET_HANDLING", args: { who: menu, kind: { kind: "voicemail" as const } } } };
    expect(diagnosticText("cs", kinds).headline).toBe("Menu „Hlavní“ (m1) má nastavené zpracování chyb, ale Hlasová schránka sekci zpracování chyb nemá.");
    // English stays the checks' own words; an unknown template falls back to the code's title.
    expect(diagnosticText("en", keys).headline).toBe("(English)");
    const unknown = { ...keys, wording: { ...keys.wording, message: "handling.NO_SUCH_TEMPLATE" } };
    expect(diagnosticText("cs", unknown)).toMatchObject({ headline: "Více než 12 alternativních kláves", detail: "(English)", lang: "en" });
    const phrase = { ...keys, wording: { message: "handling.FOLLOW_ONE_OF", hint: "handling.FOLLOW_ONE_OF", args: { exits: { phrase: "handling.NO_EXIT_TO_FOLLOW" } } } };
    expect(diagnosticText("cs", phrase).headline).toContain("Komponenta nemá žádný výstup");
  });

  it("a box's summary reads in Czech in the Czech UI", () => {
    const weekday = (day: string) => ({ day, from: "08:00", to: "18:00" });
    const hours = { weekly: ["monday", "tuesday", "wednesday", "thursday", "friday"].map(weekday), holidays: ["2026-12-25", "2026-12-26"] };
    expect(summarize(hours, 60, CZECH_SUMMARY)).toBe("Po–Pá 08:00–18:00 · svátky: 2");
    expect(summarize({ ring_timeout_sec: 90, agents_to_ring: 2 }, 60, CZECH_SUMMARY)).toBe("doba vyzvánění 1 min 30 s · počet vyzváněných agentů 2");
    expect(summarize({ ring_timeout_sec: 90 })).toBe("ring timeout 1 min 30 s");
  });

  it("interpolates parameters", () => {
    expect(translate("en", "problems.summary", { errors: 2, warnings: 0 })).toBe("2 errors, 0 warnings");
    expect(translate("cs", "problems.summary", { errors: 2, warnings: 0 })).toBe("2 chyby, 0 varování");
    expect(translate("en", "toolbar.saved", { path: "/tmp/{odd} name.json" })).toBe("Saved to /tmp/{odd} name.json");
    expect(Object.keys(catalogs)).toEqual(["en", "cs"]);
  });

  it("counts read as each language says them", () => {
    const components = (lang: "en" | "cs", n: number) => translate(lang, "inspector.components", { n });
    expect([1, 2, 5, 1000].map((n) => components("en", n))).toEqual(["1 component", "2 components", "5 components", "1,000 components"]);
    expect([1, 2, 4, 5, 0].map((n) => components("cs", n))).toEqual(["1 komponenta", "2 komponenty", "4 komponenty", "5 komponent", "0 komponent"]);
    expect(translate("en", "problems.summary", { errors: 1, warnings: 1 })).toBe("1 error, 1 warning");
    expect(translate("cs", "node.errors", { n: 1 })).toBe("1 chyba");
    expect(translate("en", "tests.coverageLine", { components: 3, componentsTotal: 4, exits: 1, exitsTotal: 1 })).toBe("Coverage: 3/4 components, 1/1 exit");
  });

  /** Placeholders that hold a name (a component, an agent, a phone number), never a count. */
  const NAMES = new Set(["component", "agent", "destination", "party", "number"]);

  it("an English count says one thing in the singular (no “1 components”)", () => {
    for (const [key, text] of Object.entries(en)) {
      for (const m of text.matchAll(/\{(\w+)\} ([a-z]+s)\b/g)) {
        if (["ms", "is", "was"].includes(m[2]!)) continue;
        // Placeholders that name someone or something, followed by a verb ("{agent} answers").
        if (NAMES.has(m[1]!)) continue;
        expect.soft(`${key}: ${m[0]}`).toBe("a count written with {arg, plural, one {…} other {…}}");
      }
    }
  });

  it("a missing value leaves the message readable instead of failing", () => {
    expect(translate("en", "inspector.components", {})).toContain("components");
  });
});
