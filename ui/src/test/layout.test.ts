import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_SIZE, HUB_MIN_INCOMING, elkGraph, positionsOf } from "../canvas/layout";
import * as ops from "../store/ops";
import type { Doc } from "../store/ops";
import { sampleDoc } from "./fixtures";

/** A chain of `n` play-message boxes after the start; each also has an error target: the
 * shared "bye" (a hang-up, no exits), and every fifth one ends in a shared "survey" that goes on
 * to "bye" (a hub with an exit of its own). */
function chainDoc(n: number): Doc {
  const doc = sampleDoc();
  const components: Doc["flow"]["components"] = {
    start: { kind: "start", name: "Start", exits: { next: "m0" } },
    bye: { kind: "hang_up", name: "Bye" },
    survey: { kind: "play_message", name: "Survey", config: { prompt: { type: "tts", text: "Thanks" } }, exits: { next: "bye" } },
  } as Doc["flow"]["components"];
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `m${i + 1}` : "bye";
    components[`m${i}`] = {
      kind: "play_message",
      name: `Message ${i}`,
      config: { prompt: { type: "tts", text: `Step ${i}` } },
      exits: { next: i % 5 === 4 ? "survey" : next },
      error_handling: { mode: "custom", target: "bye" },
    } as Doc["flow"]["components"][string];
  }
  return ops.normalize({ format: "callflow", version: 1, flow: { ...doc.flow, components }, layout: { components: {}, notes: {}, viewport: null } });
}

const exitsOf = (doc: Doc) => Object.fromEntries(Object.entries(doc.flow.components).map(([id, c]) => [id, Object.keys(c.exits ?? {}).map((name) => ({ name, required: false, connectable: true }))]));

describe("auto-layout", () => {
  it("gives ELK every connection of a small flow, each with its own edge", () => {
    const doc = sampleDoc();
    const { graph, hubs } = elkGraph(doc, exitsOf(doc), new Map());
    expect(hubs.size).toBe(0);
    // start→menu, menu key_1→queue, queue no_answer→bye, its key 1→bye and its error target bye.
    expect(graph.edges?.map((e) => [e.sources[0], e.targets[0]])).toEqual([
      ["start::exit:next", "menu::in"],
      ["menu::exit:key_1", "queue::in"],
      ["queue::exit:no_answer", "bye::in"],
      ["queue::extra", "bye::in"],
      ["queue::extra", "bye::in"],
    ]);
    expect(new Set(graph.edges?.map((e) => e.id)).size).toBe(5);
  });

  it("leaves the connections into a hub out of ELK's graph", () => {
    const doc = chainDoc(40);
    const { graph, hubs } = elkGraph(doc, exitsOf(doc), new Map());
    // Every box's error target is "bye": 40 + the survey's exit + the last box's exit.
    expect([...hubs.keys()]).toEqual(["bye"]);
    expect(hubs.get("bye")!.sources.length).toBeGreaterThanOrEqual(HUB_MIN_INCOMING);
    expect(hubs.get("bye")!.terminal).toBe(true);
    expect(graph.edges?.some((e) => e.targets[0] === "bye::in")).toBe(false);
    // The survey is reached from 8 boxes only: not a hub, its edges stay.
    expect(graph.edges?.filter((e) => e.targets[0] === "survey::in")).toHaveLength(8);
  });

  it("puts a hub without exits after the flow, beside its sources, overlapping nothing", async () => {
    const doc = chainDoc(40);
    const plan = elkGraph(doc, exitsOf(doc), new Map());
    const result = await new ELK().layout(plan.graph);
    const positions = positionsOf(result, plan);
    expect(Object.keys(positions).sort()).toEqual(Object.keys(doc.flow.components).sort());
    const others = Object.entries(positions).filter(([id]) => id !== "bye");
    const right = Math.max(...others.map(([, p]) => p.x + DEFAULT_SIZE.width));
    expect(positions.bye!.x).toBeGreaterThan(right);
    const ys = others.map(([, p]) => p.y);
    expect(positions.bye!.y).toBeGreaterThanOrEqual(Math.min(...ys) - DEFAULT_SIZE.height);
    expect(positions.bye!.y).toBeLessThanOrEqual(Math.max(...ys) + DEFAULT_SIZE.height);
    // Left to right: the chain keeps its order.
    expect(positions.m1!.x).toBeGreaterThan(positions.m0!.x);
    expect(positions.start!.x).toBeLessThan(positions.m0!.x);
  });

  it("stacks several hubs in their column without overlap", () => {
    const hub = (sources: string[]) => ({ sources, terminal: true });
    const child = (id: string, y: number) => ({ id, x: 0, y, width: 240, height: 140 });
    const plan = { graph: { id: "root" }, hubs: new Map([["a", hub(["s"])], ["b", hub(["s"])]]) };
    const result = { id: "root", children: [child("s", 500), child("a", 0), child("b", 0)] };
    const positions = positionsOf(result, plan);
    expect(positions.a!.x).toBe(240 + 90);
    expect(positions.b!.x).toBe(240 + 90);
    // Both want to be level with "s" (y 500); the second goes below the first.
    expect(Math.abs(positions.a!.y - positions.b!.y)).toBeGreaterThanOrEqual(140 + 40);
  });

  it("keeps a hub with exits after its nearest source, not with the flow's first boxes", async () => {
    // start → m0 → … → m29 → bye; every box's error target is "transfer", which goes on to bye.
    const doc = chainDoc(0);
    const components: Doc["flow"]["components"] = {
      start: { kind: "start", name: "Start", exits: { next: "m0" } },
      transfer: { kind: "play_message", name: "Transfer", config: { prompt: { type: "tts", text: "One moment" } }, exits: { next: "bye" } },
      bye: { kind: "hang_up", name: "Bye" },
    } as Doc["flow"]["components"];
    for (let i = 0; i < 30; i++) {
      components[`m${i}`] = {
        kind: "play_message",
        name: `Message ${i}`,
        config: { prompt: { type: "tts", text: `Step ${i}` } },
        exits: { next: i + 1 < 30 ? `m${i + 1}` : "bye" },
        error_handling: { mode: "custom", target: "transfer" },
      } as Doc["flow"]["components"][string];
    }
    doc.flow.components = components;
    const plan = elkGraph(doc, exitsOf(doc), new Map());
    expect(plan.hubs.get("transfer")).toMatchObject({ terminal: false, kept: "m0" });
    // One connection into the hub is given to ELK: the one from m0, the source nearest the entry.
    expect(plan.graph.edges?.filter((e) => e.targets[0] === "transfer::in").map((e) => e.sources[0])).toEqual(["m0::extra"]);
    const positions = positionsOf(await new ELK().layout(plan.graph), plan);
    expect(positions.transfer!.x).toBeGreaterThan(positions.m0!.x);
    expect(positions.bye!.x).toBeGreaterThan(positions.transfer!.x);
  });
});
