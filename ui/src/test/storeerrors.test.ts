import { describe, expect, it } from "vitest";
import type { ErrorKind } from "../store-bindings/ErrorKind";
import type { ErrorReport } from "../store-bindings/ErrorReport";
import { csStoreErrors, errorText, storeErrorText } from "../lib/i18n/errors";
import { diagnosticLine } from "../lib/i18n/diagnostics";
import { loadFindingSamples, loadStoreErrorSamples } from "./fixtures";

const samples = loadStoreErrorSamples();
const sample = (kind: ErrorKind): ErrorReport => {
  const found = samples.find((r) => r.kind === kind);
  if (!found) throw new Error(`no sample of ${kind}`);
  return found;
};
/** The report's values a template shows as they are (`{path}`; a branch of a plural such as
 * `{ji}` is not one). A name the report does not have makes the wording fail, tested below. */
const shownValues = (template: string, report: ErrorReport) =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => name in report.args);

describe("library errors in the UI's language", () => {
  it("has a sample of every kind the bindings know", () => {
    expect(new Set(samples.map((r) => r.kind))).toEqual(new Set(Object.keys(csStoreErrors)));
  });

  it("shows the library's own message in English", () => {
    for (const r of samples) expect(storeErrorText("en", r)).toEqual({ text: r.message, lang: "en" });
  });

  it("words every kind with a Czech wording in Czech, with the values its template names", () => {
    for (const r of samples) {
      const template = csStoreErrors[r.kind];
      const { text, lang } = storeErrorText("cs", r);
      if (template === null) {
        expect(text, r.kind).toBe(r.message);
        continue;
      }
      expect(lang, r.kind).toBe("cs");
      expect(text, r.kind).not.toBe(r.message);
      expect(text, r.kind).not.toMatch(/[{}]/);
      for (const name of shownValues(template, r)) {
        if (name === "details" && r.read_error) continue; // worded by the reader's rules below
        expect(text, `${r.kind}: ${name}`).toContain(r.args[name]);
      }
    }
  });

  it("says how many errors stopped a publish, in Czech plural forms", () => {
    const report = sample("publish_refused");
    const with_ = (errors: number) => storeErrorText("cs", { ...report, args: { ...report.args, errors: String(errors) } }).text;
    expect(with_(1)).toContain("obsahuje 1 chybu. Opravte ji,");
    expect(with_(3)).toContain("obsahuje 3 chyby. Opravte je,");
    expect(with_(12)).toContain("obsahuje 12 chyb. Opravte je,");
  });

  it("names the stored document that cannot be read", () => {
    const report = sample("stored_document");
    expect(storeErrorText("cs", report).text).toMatch(/^Uloženou verzi 3 toku `support` nelze přečíst: /);
    const draft = { ...report, args: { id: "support", document: "draft", details: "x" } };
    expect(storeErrorText("cs", draft).text).toMatch(/^Uložený koncept toku `support` nelze přečíst: x\./);
  });

  it("points at the backup of a damaged library, or says there is none", () => {
    const report = sample("damaged");
    expect(storeErrorText("cs", report).text).toContain(`Nejnovější záloha je ${report.args.backup}`);
    const { backup: _b, ...args } = report.args;
    expect(storeErrorText("cs", { ...report, args }).text).toContain("Vedle ní se nenašla žádná záloha");
  });

  it("words the reader's reason for a file it could not import", () => {
    const report = sample("unreadable");
    const missing = { ...report, args: { ...report.args, details: "missing field `flow`" } };
    expect(storeErrorText("cs", missing).text).toBe(`Soubor ${report.args.file} nelze importovat: chybí pole \`flow\`. Nic se neimportovalo.`);
  });

  it("keeps the English message when a value the wording needs is missing", () => {
    const report = sample("flow_not_found");
    expect(storeErrorText("cs", { ...report, args: {} })).toEqual({ text: report.message, lang: "en" });
  });

  it("words any command's error", () => {
    expect(errorText("cs", { type: "store", report: sample("empty_name") })).toEqual({ text: "Tok potřebuje název.", lang: "cs" });
    expect(errorText("cs", { type: "io", message: "cannot write /x: Permission denied" })).toEqual({
      text: "cannot write /x: Permission denied",
      lang: "en",
    });
  });
});

describe("a flow the engine will not run", () => {
  const findings = loadFindingSamples().filter((d) => d.severity === "error").slice(0, 3);
  const error = { type: "cannot_run" as const, message: "the flow has 3 error(s) and cannot run: …", diagnostics: findings };

  it("says so in Czech with each finding worded as the problems panel words it", () => {
    expect(findings).toHaveLength(3);
    const { text, lang } = errorText("cs", error);
    expect(lang).toBe("cs");
    expect(text).toMatch(/^Tok obsahuje 3 chyby a nelze ho spustit: /);
    for (const d of findings) expect(text).toContain(diagnosticLine("cs", d));
    expect(errorText("cs", { ...error, diagnostics: findings.slice(0, 1) }).text).toMatch(/^Tok obsahuje 1 chybu a nelze ho spustit: /);
  });

  it("keeps the engine's own message in English", () => {
    expect(errorText("en", error)).toEqual({ text: error.message, lang: "en" });
  });
});
