import { describe, expect, it } from "vitest";
import { translate, type MessageKey, type Params } from "../lib/i18n";
import { versionMessage } from "../library/notes";
import { loadNoteSamples } from "./fixtures";

const samples = loadNoteSamples();
const en = (key: MessageKey, params?: Params) => translate("en", key, params);
const cs = (key: MessageKey, params?: Params) => translate("cs", key, params);

describe("version messages the library wrote", () => {
  it("has every kind of note among the samples", () => {
    expect(new Set(samples.map((v) => v.note?.kind))).toEqual(new Set(["imported", "imported_sample", "kept_before_import", "kept_before_restore"]));
  });

  it("words each in English exactly as the library stored it", () => {
    for (const v of samples) expect(versionMessage(en, v)).toBe(v.message);
  });

  it("words each in Czech, with its file or version", () => {
    for (const v of samples) {
      const text = versionMessage(cs, v);
      expect(text).not.toBe(v.message);
      const note = v.note!;
      expect(text).toContain(note.kind === "kept_before_restore" ? String(note.version) : note.kind === "imported_sample" ? note.name : note.file);
    }
  });

  it("shows a designer's own message as written", () => {
    expect(versionMessage(cs, { message: "Opraveno menu", note: null })).toBe("Opraveno menu");
  });
});
