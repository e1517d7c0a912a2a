// The canvas's one-line summaries against the Rust port that draws them in exported pictures
// (`crates/export/src/summary.rs`): both are checked against the same cases, written by the Rust
// side from every sample component and a few shapes the samples lack.
import { describe, expect, it } from "vitest";
import { summarize } from "../lib/schema";
import cases from "./summaries.generated.json";

describe("config summaries, the same in the canvas and in exported pictures", () => {
  it("has cases to compare", () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c, i) => [i, c.summary, c.config] as const))("case %i: %s", (_, summary, config) => {
    expect(summarize(config)).toBe(summary);
  });
});
