import { describe, expect, it } from "vitest";
import { readDetail } from "../lib/i18n/readDetail";

describe("the reader's detail in Czech", () => {
  it("words serde's sentences about the flow format, keeping names and lists", () => {
    expect(readDetail("cs", "unknown variant `teleport`, expected one of `start`, `end_flow`")).toEqual({
      text: "neznámá hodnota `teleport`; povolené jsou `start`, `end_flow`",
      lang: "cs",
    });
    expect(readDetail("cs", "missing field `entry`").text).toBe("chybí pole `entry`");
    expect(readDetail("cs", "unknown field `colour`, expected `name`").text).toBe("neznámé pole `colour`; povolené je `name`");
    expect(readDetail("cs", "component id `a` is used twice; ids must be unique within a flow").text).toBe(
      "id komponenty `a` je použito dvakrát; id musí být v toku jedinečná",
    );
    expect(readDetail("cs", "EOF while parsing an object").text).toBe("text končí uprostřed objektu");
  });

  it("leaves other sentences, and English, as they are", () => {
    const other = "invalid type: string \"x\", expected u32";
    expect(readDetail("cs", other)).toEqual({ text: other, lang: "en" });
    expect(readDetail("en", "missing field `entry`")).toEqual({ text: "missing field `entry`", lang: "en" });
  });
});
