import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDrawnMargin } from "../canvas/following";
import { DRAWN_MARGIN, FOLLOWING_FOR_MS, FOLLOWING_MARGIN } from "../canvas/viewport";

describe("the drawn margin", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("widens while the view follows steps and narrows once they stop", () => {
    const { result } = renderHook(() => useDrawnMargin());
    expect(result.current.margin).toBe(DRAWN_MARGIN);
    act(() => result.current.follow());
    expect(result.current.margin).toBe(FOLLOWING_MARGIN);
    expect(result.current.marginRef.current).toBe(FOLLOWING_MARGIN);
    // Each step restarts the wait.
    act(() => vi.advanceTimersByTime(FOLLOWING_FOR_MS - 1000));
    act(() => result.current.follow());
    act(() => vi.advanceTimersByTime(FOLLOWING_FOR_MS - 1000));
    expect(result.current.margin).toBe(FOLLOWING_MARGIN);
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current.margin).toBe(DRAWN_MARGIN);
    expect(result.current.marginRef.current).toBe(DRAWN_MARGIN);
  });

  it("is current at once for callbacks that run before the next render", () => {
    const { result } = renderHook(() => useDrawnMargin());
    const ref = result.current.marginRef;
    result.current.follow(); // outside act: no render yet
    expect(ref.current).toBe(FOLLOWING_MARGIN);
  });
});
