import { describe, expect, it } from "vitest";
import type { Difference } from "../engine-bindings/Difference";
import { differenceText } from "./difference";

/** One case of each variant; `english` is what the engine's `Display` says for it (the same
 * cases as `each_difference_reads_as_its_english_sentence` in crates/engine/src/testing.rs; with
 * the ids as names and exits without `_`, the app's English is the engine's), `values` what the
 * Czech text must show too, `json` the JSON the text may contain (its `{` are not placeholders). */
const cases: { difference: Difference; english: string; czech: string; values: string[]; json?: string }[] = [
  {
    difference: { type: "path", step: 2, expected: { component: "menu", exit: "timeout" }, actual: { component: "hangup" } },
    english: "path step 2: expected `menu` leaving by `timeout`, got `hangup` (no exit taken)",
    czech: "Krok cesty 2: očekáváno „menu“ (výstup „vypršel čas“), ve skutečnosti „hangup“ (bez výstupu)",
    values: ["2", "menu", "hangup"],
  },
  {
    difference: { type: "path", step: 3, expected: { component: "queue" }, actual: null },
    english: "path step 3: expected `queue` (no exit taken), got nothing (the path ends)",
    czech: "Krok cesty 3: očekáváno „queue“ (bez výstupu), ve skutečnosti nic (cesta končí)",
    values: ["3", "queue"],
  },
  {
    difference: { type: "end", expected: "hung_up", actual: "flow_ended" },
    english: "end: expected `hung_up`, got `flow_ended`",
    czech: "Konec hovoru: očekáváno „hung_up“, ve skutečnosti „flow_ended“",
    values: ["hung_up", "flow_ended"],
  },
  {
    difference: { type: "end", expected: "hung_up", actual: null },
    english: "end: expected `hung_up`, got `(still running)`",
    czech: "Konec hovoru: očekáváno „hung_up“, hovor ale stále probíhá",
    values: ["hung_up"],
  },
  {
    difference: { type: "event", index: 1, event: { reason: "ended", type: "HANGUP" }, after_previous: false },
    english: 'event 1 of the expectations, {"reason":"ended","type":"HANGUP"}, does not occur',
    czech: 'Očekávaná událost č. 1, {"reason":"ended","type":"HANGUP"}, nenastala',
    values: ["1", '{"reason":"ended","type":"HANGUP"}'],
    json: '{"reason":"ended","type":"HANGUP"}',
  },
  {
    difference: { type: "event", index: 2, event: { prompt: "welcome", type: "PLAY" }, after_previous: true },
    english: 'event 2 of the expectations, {"prompt":"welcome","type":"PLAY"}, does not occur after the previous expected event',
    czech: 'Očekávaná událost č. 2, {"prompt":"welcome","type":"PLAY"}, nenastala po předchozí očekávané události',
    values: ["2", '{"prompt":"welcome","type":"PLAY"}'],
    json: '{"prompt":"welcome","type":"PLAY"}',
  },
  {
    difference: { type: "variable", name: "score", expected: 3, actual: 2 },
    english: "variable `score`: expected 3, got 2",
    czech: "Proměnná „score“: očekáváno 3, ve skutečnosti 2",
    values: ["score", "3", "2"],
  },
  {
    difference: { type: "variable", name: "tier", expected: "gold" },
    english: 'variable `tier`: expected "gold", got no such variable',
    czech: "Proměnná „tier“: očekáváno \"gold\", taková proměnná ale neexistuje",
    values: ["tier", '"gold"'],
  },
  {
    difference: { type: "cannot_run", message: "unknown agent `nobody`" },
    english: "cannot run: unknown agent `nobody`",
    czech: "Test nelze spustit: unknown agent `nobody`",
    values: ["unknown agent `nobody`"],
  },
];

describe("the first difference of a test call in words", () => {
  it("words each variant in English as the engine does, and in Czech, with its values", () => {
    const variants = new Set<string>();
    for (const { difference, english, czech, values, json } of cases) {
      variants.add(difference.type);
      const en = differenceText("en", difference);
      const cs = differenceText("cs", difference);
      expect(en).toBe(english);
      expect(cs).toBe(czech);
      for (const text of [en, cs]) {
        for (const value of values) expect(text, difference.type).toContain(value);
        // No placeholder left (the only `{` allowed are the JSON's).
        expect(json ? text.replace(json, "") : text, text).not.toContain("{");
      }
    }
    expect([...variants].sort()).toEqual(["cannot_run", "end", "event", "path", "variable"]);
  });

  it("names path steps by their components' names and exits as the app labels them", () => {
    const names: Record<string, string> = { main_menu: "Main menu", billing: "Billing" };
    const name = (id: string) => names[id] ?? id;
    const difference: Difference = { type: "path", step: 4, expected: { component: "main_menu", exit: "no_answer" }, actual: { component: "billing", exit: "key_1" } };
    expect(differenceText("en", difference, name)).toBe("path step 4: expected `Main menu` leaving by `no answer`, got `Billing` leaving by `key 1`");
    expect(differenceText("cs", difference, name)).toBe("Krok cesty 4: očekáváno „Main menu“ (výstup „nikdo to nevzal“), ve skutečnosti „Billing“ (výstup „key 1“)");
  });

  it("a variable holding null is not a missing one", () => {
    const difference: Difference = { type: "variable", name: "v", expected: 1, actual: null };
    expect(differenceText("en", difference)).toBe("variable `v`: expected 1, got null");
    expect(differenceText("cs", difference)).toBe("Proměnná „v“: očekáváno 1, ve skutečnosti null");
  });
});
