import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Position } from "../bindings/Position";

// The layout worker is not available here: each call waits for the test to answer it.
const pending: Array<(positions: Record<string, Position>) => void> = [];
vi.mock("../canvas/layout", () => ({
  layoutFlow: () => new Promise((resolve) => pending.push(resolve)),
}));

const { autoLayout } = await import("../store/actions");
const ops = await import("../store/ops");
const { initialState, useStore } = await import("../store/store");
const { sampleDoc } = await import("./fixtures");

const s = () => useStore.getState();

describe("auto-layout while the flow is edited", () => {
  beforeEach(() => {
    pending.length = 0;
    useStore.setState(initialState());
    s().load(sampleDoc(), null);
  });

  it("is busy until the layout is applied, and a second request meanwhile is ignored", async () => {
    const done = autoLayout();
    expect(s().layingOut).toBe(true);
    void autoLayout();
    expect(pending).toHaveLength(1);
    pending[0]!({ start: { x: 10, y: 20 }, menu: { x: 300, y: 20 } });
    await done;
    expect(s().layingOut).toBe(false);
    expect(s().doc!.layout.components.start).toEqual({ x: 10, y: 20 });
  });

  it("keeps edits made during the layout and applies the layout to what is still there", async () => {
    const done = autoLayout();
    s().apply((d) => ops.updateComponent(d, "menu", { name: "Renamed meanwhile" }));
    s().apply((d) => ops.removeComponents(d, ["bye"]));
    pending[0]!({ start: { x: 10, y: 20 }, menu: { x: 300, y: 20 }, queue: { x: 600, y: 20 }, bye: { x: 900, y: 20 } });
    await done;
    const doc = s().doc!;
    expect(doc.flow.components.menu!.name).toBe("Renamed meanwhile");
    expect(doc.layout.components.queue).toEqual({ x: 600, y: 20 });
    expect(doc.layout.components.bye).toBeUndefined();
    // The layout is one undo step of its own.
    s().undo();
    expect(s().doc!.layout.components.queue).not.toEqual({ x: 600, y: 20 });
    expect(s().doc!.flow.components.bye).toBeUndefined();
  });
});
