// The app shell's errors worded in Czech from their data: campaign records that cannot be read or
// run, and files the system refused.
import { describe, expect, it } from "vitest";
import type { RecordProblem } from "../engine-bindings/RecordProblem";
import type { RecordsError } from "../engine-bindings/RecordsError";
import type { AppError } from "../gen/AppError";
import type { FileProblem } from "../gen/FileProblem";
import type { InterchangeError } from "../gen/InterchangeError";
import { csConnectErrors, csFileProblems, csRecordProblems, errorText, recordsErrorText } from "../lib/i18n/errors";

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

describe("files the system refused, in Czech", () => {
  const refused = (problem: FileProblem, action: "read" | "write" | "create_folder" | "list_folder" = "write"): AppError => ({
    type: "file",
    message: `cannot write /home/ana/flows/x.callflow.json: (${problem})`,
    action,
    path: "/home/ana/flows/x.callflow.json",
    problem,
    details: "Not a directory (os error 20)",
  });

  it("names the file, what was done and why, for every kind of refusal", () => {
    for (const problem of Object.keys(csFileProblems) as FileProblem[]) {
      const { text, lang } = errorText("cs", refused(problem));
      expect(lang).toBe("cs");
      expect(text.startsWith("Soubor /home/ana/flows/x.callflow.json nelze zapsat: ")).toBe(true);
      expect(text).not.toMatch(/[{}]/);
    }
    expect(errorText("cs", refused("disk_full")).text).toBe("Soubor /home/ana/flows/x.callflow.json nelze zapsat: disk je plný. Uvolněte místo a zkuste to znovu.");
    // A reason without a Czech wording is the system's own text.
    expect(errorText("cs", refused("other", "create_folder")).text).toBe("Složku /home/ana/flows/x.callflow.json nelze vytvořit: Not a directory (os error 20).");
    expect(errorText("en", refused("other")).text).toBe("cannot write /home/ana/flows/x.callflow.json: (other)");
  });
});

describe("Amazon Connect flows that cannot be imported, in Czech", () => {
  const connect = (error: InterchangeError): AppError => ({ type: "connect", message: `/x/a.json: (${error.kind})`, path: "/x/a.json", error });
  const samples: Record<InterchangeError["kind"], InterchangeError> = {
    syntax: { kind: "syntax", message: "EOF while parsing a value at line 1 column 13", line: 1, column: 13, in_content: false },
    not_an_object: { kind: "not_an_object" },
    no_flow: { kind: "no_flow" },
    version: { kind: "version", found: "2020-01-01" },
    shape: { kind: "shape", path: "Actions[0] (`a`)", message: "invalid type: integer `7`, expected a string" },
    duplicate_identifier: { kind: "duplicate_identifier", id: "a" },
    unknown_start: { kind: "unknown_start", id: "b" },
  };

  it("every kind names the file and its values, with no placeholder left", () => {
    expect(Object.keys(csConnectErrors).sort()).toEqual(Object.keys(samples).sort());
    for (const error of Object.values(samples)) {
      const { text, lang } = errorText("cs", connect(error));
      expect(lang).toBe("cs");
      expect(text.startsWith("Tok Amazon Connect /x/a.json nelze importovat: ")).toBe(true);
      expect(text).not.toMatch(/[{}]/);
      for (const [field, value] of Object.entries(error)) if (!["kind", "message", "in_content"].includes(field)) expect(text, field).toContain(String(value));
    }
  });

  it("serde's sentence is worded as the file reader's, the position once", () => {
    expect(errorText("cs", connect(samples.syntax)).text).toBe("Tok Amazon Connect /x/a.json nelze importovat: není to JSON: text končí uprostřed hodnoty (řádek 1, sloupec 13).");
    const inContent = { ...samples.syntax, in_content: true } as InterchangeError;
    expect(errorText("cs", connect(inContent)).text).toContain("není to JSON (v poli `Content`): ");
    expect(errorText("en", connect(samples.no_flow)).text).toBe("/x/a.json: (no_flow)");
  });
});
