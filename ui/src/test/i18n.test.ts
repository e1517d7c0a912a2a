import { describe, expect, it } from "vitest";
import { catalogs, translate } from "../lib/i18n";
import { cs } from "../lib/i18n/cs";
import { en } from "../lib/i18n/en";
import { csKinds } from "../lib/i18n/kinds";
import { loadCatalog } from "./fixtures";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

  it("every catalog kind has a Czech label", () => {
    for (const entry of loadCatalog()) expect(csKinds[entry.kind], entry.kind).toBeTruthy();
    expect(Object.keys(csKinds)).toHaveLength(loadCatalog().length);
  });

  it("interpolates parameters", () => {
    expect(translate("en", "problems.summary", { errors: 2, warnings: 0 })).toBe("2 errors, 0 warnings");
    expect(translate("cs", "problems.summary", { errors: 2, warnings: 0 })).toBe("chyby: 2, varování: 0");
    expect(Object.keys(catalogs)).toEqual(["en", "cs"]);
  });
});
