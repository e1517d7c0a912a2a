import { beforeEach, describe, expect, it } from "vitest";
import * as ops from "../store/ops";
import { HISTORY_LIMIT, initialState, selectDirty, useStore } from "../store/store";
import { sampleDoc } from "./fixtures";

const s = () => useStore.getState();

describe("the store: undo and redo over document snapshots", () => {
  beforeEach(() => {
    useStore.setState(initialState());
    s().load(sampleDoc(), null);
  });

  it("undoes and redoes every edit", () => {
    const original = s().doc;
    s().apply((d) => ops.updateComponent(d, "menu", { name: "Renamed" }));
    s().apply((d) => ops.removeComponents(d, ["bye"]));
    expect(selectDirty(s())).toBe(true);
    s().undo();
    expect(s().doc!.flow.components.bye).toBeDefined();
    expect(s().doc!.flow.components.menu!.name).toBe("Renamed");
    s().undo();
    expect(s().doc).toBe(original);
    expect(selectDirty(s())).toBe(false);
    s().redo();
    s().redo();
    expect(s().doc!.flow.components.bye).toBeUndefined();
    s().redo(); // nothing left
    expect(s().future).toHaveLength(0);
  });

  it("a new edit clears the redo stack", () => {
    s().apply((d) => ops.setFlowName(d, "A"));
    s().undo();
    s().apply((d) => ops.setFlowName(d, "B"));
    expect(s().future).toHaveLength(0);
    expect(s().doc!.flow.name).toBe("B");
  });

  it("a drag is one undo step however many moves it has", () => {
    s().beginGesture();
    for (let i = 0; i < 20; i++) s().applyTransient((d) => ops.moveComponents(d, { menu: { x: i, y: i } }));
    s().endGesture();
    expect(s().past).toHaveLength(1);
    s().undo();
    expect(s().doc!.layout.components.menu).toEqual({ x: 300, y: 0 });
  });

  it("a drag keeps its moves aside and applies them to the document once, as one undo step", () => {
    const before = s().doc;
    s().beginGesture();
    for (let i = 0; i < 20; i++) s().dragTo({ menu: { x: i, y: i } });
    // The document itself is untouched while the drag is under way.
    expect(s().doc).toBe(before);
    expect(s().dragPositions).toEqual({ menu: { x: 19, y: 19 } });
    s().endGesture();
    expect(s().dragPositions).toBeNull();
    expect(s().doc!.layout.components.menu).toEqual({ x: 19, y: 19 });
    expect(s().past).toHaveLength(1);
    s().undo();
    expect(s().doc!.layout.components.menu).toEqual({ x: 300, y: 0 });
    // A move outside a gesture (arrow keys) is an undoable edit of its own.
    s().dragTo({ menu: { x: 5, y: 5 } });
    expect(s().doc!.layout.components.menu).toEqual({ x: 5, y: 5 });
    s().undo();
    expect(s().doc!.layout.components.menu).toEqual({ x: 300, y: 0 });
  });

  it("edits that change nothing add no undo step", () => {
    s().apply((d) => d);
    expect(s().past).toHaveLength(0);
  });

  it("keeps a bounded history", () => {
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s().apply((d) => ops.setFlowName(d, `n${i}`));
    expect(s().past).toHaveLength(HISTORY_LIMIT);
  });

  it("drops the selection of components that undo removes", () => {
    let id = "";
    s().apply((d) => {
      const r = ops.addComponent(d, "hang_up", "X", {}, { x: 0, y: 0 });
      id = r.id;
      return r.doc;
    });
    s().select([id, "menu"]);
    s().undo();
    expect(s().selection).toEqual(["menu"]);
  });

  it("marking saved clears the unsaved state", () => {
    s().apply((d) => ops.setFlowName(d, "changed"));
    s().markSaved("/tmp/x.callflow.json");
    expect(selectDirty(s())).toBe(false);
    expect(s().path).toBe("/tmp/x.callflow.json");
  });
});
