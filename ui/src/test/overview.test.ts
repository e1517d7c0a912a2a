import { describe, expect, it } from "vitest";
import { overviewSize } from "../canvas/Overview";

describe("overview size", () => {
  it("is 200 × 150 on a roomy canvas", () => {
    expect(overviewSize(1400, 900)).toEqual({ width: 200, height: 150 });
  });
  it("shrinks with a short canvas (panels open under it), keeping 4:3", () => {
    const { width, height } = overviewSize(710, 380);
    expect(height).toBeLessThan(110);
    expect(width).toBe(Math.round((height * 4) / 3));
  });
  it("never goes below 96 × 72", () => {
    expect(overviewSize(200, 100)).toEqual({ width: 96, height: 72 });
  });
});
