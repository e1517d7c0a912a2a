// Campaign records that cannot be read or run, worded in Czech from the engine's error data.
import { describe, expect, it } from "vitest";
import type { RecordProblem } from "../engine-bindings/RecordProblem";
import type { RecordsError } from "../engine-bindings/RecordsError";
import { csRecordProblems, errorText, recordsErrorText } from "../lib/i18n/errors";

/** One problem of every kind (the `Record` makes a new kind a compile error here). */
const problems: Record<RecordProblem["kind"], RecordProblem> = {
  no_id_column: { kind: "no_id_column" },
  no_id: { kind: "no_id" },
  duplicate_id: { kind: "duplicate_id", id: "r7" },
  bad_outcome: { kind: "bad_outcome", value: "maybe" },
  bad_start_minute: { kind: "bad_start_minute", value: "soon" },
  bad_answer: { kind: "bad_answer", component: "otp", answer: "12x" },
  unknown_key: { kind: "unknown_key", component: "otp", answer: "$code", key: "code" },
  untypeable: { kind: "untypeable", component: "otp", key: "expected_otp", value: "12ab" },
};

describe("campaign records errors in Czech", () => {
  it("every kind is worded with its values and no placeholder left", () => {
    expect(Object.keys(csRecordProblems).sort()).toEqual(Object.keys(problems).sort());
    for (const problem of Object.values(problems)) {
      const text = recordsErrorText({ at: { type: "line", line: 4 }, problem });
      expect(text.startsWith("Řádek 4: ")).toBe(true);
      expect(text).not.toMatch(/[{}]/);
      for (const [field, value] of Object.entries(problem)) if (field !== "kind") expect(text, field).toContain(String(value));
    }
  });

  it("names the line, the record's place or its id", () => {
    const untypeable = problems.untypeable;
    expect(recordsErrorText({ at: { type: "id", id: "r1" }, problem: untypeable })).toBe(
      "Záznam `r1`: zákazník nemůže u `otp` napsat klíč záznamu `expected_otp` = `12ab` (klávesy jsou 0-9 * #)",
    );
    expect(recordsErrorText({ at: { type: "number", number: 3 }, problem: problems.duplicate_id })).toBe("Záznam 3: id `r7` je použito dvakrát");
    // The CSV as a whole: a sentence of its own.
    expect(recordsErrorText({ at: null, problem: problems.no_id_column })).toBe("CSV se záznamy potřebuje sloupec `id`");
  });

  it("a command's records error is Czech in Czech and the engine's English in English", () => {
    const error: RecordsError = { at: { type: "line", line: 2 }, problem: problems.bad_outcome };
    const app = { type: "records" as const, message: "line 2: `maybe` is not `answered` or `no_answer`", error };
    expect(errorText("cs", app)).toEqual({ text: "Řádek 2: `maybe` není `answered` ani `no_answer`", lang: "cs" });
    expect(errorText("en", app)).toEqual({ text: app.message, lang: "en" });
  });
});
