import { describe, expect, it } from "vitest";
import * as ops from "../store/ops";
import { flowChanges } from "../store/analysis";
import { refusal, sampleDoc } from "./fixtures";

describe("document edits", () => {
  it("keeps positions in whole pixels (no float noise in the file), touching only the moved ones", () => {
    const doc = ops.moveComponents(sampleDoc(), { bye: { x: 10, y: 116.4 } });
    const moved = ops.moveComponents(doc, { menu: { x: 120.50000000000001, y: 116.00000000000001 } });
    expect(moved.layout.components.menu).toEqual({ x: 121, y: 116 });
    expect(moved.layout.components.bye).toBe(doc.layout.components.bye);
    const added = ops.addComponent(moved, "menu", "M", {}, { x: 0.2, y: -3.7 });
    expect(added.doc.layout.components[added.id]).toEqual({ x: 0, y: -4 });
  });
  it("adds components with fresh ids and names", () => {
    const doc = sampleDoc();
    const a = ops.addComponent(doc, "menu", "Main menu", {}, { x: 1, y: 2 });
    expect(a.id).toBe("menu_2");
    expect(a.doc.flow.components.menu_2!.name).toBe("Main menu 2");
    expect(a.doc.layout.components.menu_2).toEqual({ x: 1, y: 2 });
    // Structural sharing: untouched components are the same objects.
    expect(a.doc.flow.components.start).toBe(doc.flow.components.start);
  });

  it("connects exits, keys and the error exit, and disconnects them", () => {
    let doc = sampleDoc();
    doc = ops.connect(doc, "menu", { type: "exit", exit: "invalid" }, "bye");
    expect(doc.flow.components.menu!.exits!.invalid).toBe("bye");
    doc = ops.connect(doc, "queue", { type: "key", key: "#" }, "menu");
    expect(doc.flow.components.queue!.alternative_keys!["#"]).toBe("menu");
    doc = ops.connect(doc, "queue", { type: "key", key: "#" }, null);
    expect(doc.flow.components.queue!.alternative_keys!["#"]).toBeUndefined();
    doc = ops.connect(doc, "queue", { type: "error" }, null);
    expect(doc.flow.components.queue!.error_handling).toEqual({ mode: "default" });
    // Unknown targets are refused.
    expect(ops.connect(doc, "menu", { type: "exit", exit: "invalid" }, "nope")).toBe(doc);
  });

  it("removing a component leaves the exits that led to it unconnected", () => {
    const doc = ops.removeComponents(sampleDoc(), ["bye"]);
    const queue = doc.flow.components.queue!;
    expect(doc.flow.components.bye).toBeUndefined();
    expect(queue.exits!.no_answer).toBeNull();
    expect(queue.alternative_keys).toEqual({});
    expect(queue.error_handling).toEqual({ mode: "default" });
  });

  it("never removes the entry component", () => {
    const doc = sampleDoc();
    expect(ops.removeComponents(doc, ["start"])).toBe(doc);
  });

  it("pastes copies with new ids, keeping links inside the copy only", () => {
    const doc = sampleDoc();
    const clip = ops.copy(doc, ["queue", "bye", "start"])!;
    expect(Object.keys(clip.components)).toEqual(["queue", "bye"]);
    const { doc: next, ids } = ops.paste(doc, clip, { x: 40, y: 40 });
    expect(ids).toEqual(["assignment_dial", "hang_up"]);
    const copy = next.flow.components.assignment_dial!;
    expect(copy.name).toBe("Sales queue 2");
    expect(copy.exits!.no_answer).toBe("hang_up");
    expect(copy.alternative_keys!["1"]).toBe("hang_up");
    expect(copy.error_handling).toEqual({ mode: "custom", target: "hang_up" });
  });

  it("gives every pasted copy an id of its own, the lowest free one for its kind", () => {
    const doc = sampleDoc();
    const clip = ops.copy(doc, ["queue", "bye"])!;
    // Paste three times: the copies take assignment_dial, _2, _3 and hang_up, _2, _3.
    let next = doc;
    const all: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = ops.paste(next, clip, { x: 40, y: 40 });
      next = r.doc;
      all.push(...r.ids);
    }
    expect(all).toEqual(["assignment_dial", "hang_up", "assignment_dial_2", "hang_up_2", "assignment_dial_3", "hang_up_3"]);
    // A paste of the whole flow into itself: one new id per component, links kept inside the copy.
    const whole = ops.copy(next, Object.keys(next.flow.components))!;
    const { doc: doubled, ids } = ops.paste(next, whole, { x: 0, y: 0 });
    expect(new Set(ids).size).toBe(Object.keys(whole.components).length);
    expect(Object.keys(doubled.flow.components)).toHaveLength(Object.keys(next.flow.components).length + ids.length);
    expect(ids.filter((id) => id in next.flow.components)).toEqual([]);
    expect(ops.freshId(doubled, "assignment_dial")).toBe("assignment_dial_8");
  });

  it("ports round-trip through handle ids", () => {
    for (const port of [{ type: "exit", exit: "no_answer" }, { type: "key", key: "*" }, { type: "error" }] as ops.Port[]) {
      expect(ops.parsePort(ops.portId(port))).toEqual(port);
    }
    expect(ops.parsePort("in")).toBeNull();
  });

  it("normalizes files whose layout the writer left out", () => {
    const doc = ops.normalize({ format: "callflow", version: 1, flow: sampleDoc().flow });
    expect(doc.layout).toEqual({ components: {}, notes: {}, viewport: null });
  });

  it("copies between flows through the system clipboard's JSON text, and reports a damaged one", () => {
    const doc = sampleDoc();
    const clip = ops.copy(doc, ["queue", "bye"])!;
    expect(clip.flow).toBe("t");
    const back = ops.parseClipboard(JSON.stringify(clip));
    expect(back).toEqual(clip);
    // Another flow: the copy keeps its links inside the copied set.
    const other = ops.normalize({ format: "callflow", version: 1, flow: { ...doc.flow, id: "other", components: { start: doc.flow.components.start! } } });
    const { doc: next, ids } = ops.paste(other, back as ops.Clipboard, { x: 0, y: 0 });
    expect(ids).toEqual(["assignment_dial", "hang_up"]);
    expect(next.flow.components.assignment_dial!.exits!.no_answer).toBe("hang_up");
    // Text that is not ours is ignored; ours but damaged is an error that says what is wrong.
    expect(ops.parseClipboard("hello")).toBeNull();
    expect(ops.parseClipboard('{"a": 1}')).toBeNull();
    expect(refusal(ops.parseClipboard('{"format": "callflow-clipboard", "components": '))).toMatch(/^the clipboard is not valid JSON: ./);
    const noKind = ops.parseClipboard('{"format": "callflow-clipboard", "components": {"x": {"name": "X"}}}');
    expect(refusal(noKind)).toBe("clipboard component `x` has no `kind`");
    expect(refusal(noKind, "cs")).toBe("komponenta `x` ve schránce nemá `kind`");
    expect(ops.clipboardOrigin(clip)).toEqual({ x: 0, y: 0 });
  });

  it("sends only the components an edit changed to the live checks", () => {
    const doc = sampleDoc();
    const edited = ops.removeComponents(ops.updateComponent(doc, "menu", { name: "Renamed" }), ["bye"]);
    const changes = flowChanges(doc.flow, { ...edited.flow, name: "Other" }, 3);
    expect(changes.base).toBe(3);
    expect(Object.keys(changes.set).sort()).toEqual(["menu", "queue"]); // queue lost its links to bye
    expect(changes.set.menu!.name).toBe("Renamed");
    expect(changes.remove).toEqual(["bye"]);
    expect(changes.flow.name).toBe("Other");
    expect(changes.flow.components).toEqual({});
  });
});
