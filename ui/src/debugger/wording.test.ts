import { describe, expect, it } from "vitest";
import type { Choice } from "../engine-bindings/Choice";
import { catalogs, translate, type MessageKey, type Params } from "../lib/i18n";
import { loadDecisionSamples } from "../test/fixtures";
import { choiceText, queueItemText, reasonText, statusText, timerText, waitingText } from "./wording";

const en = (key: MessageKey, params?: Params) => translate("en", key, params);
const cs = (key: MessageKey, params?: Params) => translate("cs", key, params);
const samples = loadDecisionSamples();

describe("the debugger's words", () => {
  it("has real decisions and statuses to word (written from the engine by make test-ui)", () => {
    expect(samples.decisions.length).toBeGreaterThan(20);
    expect(samples.calls.length).toBeGreaterThan(10);
  });

  it("words every real decision in English exactly as the engine does", () => {
    for (const d of samples.decisions) {
      expect(waitingText(en, d.waiting_for)).toBe(d.waiting);
      for (const c of d.choices) expect(choiceText(en, d.waiting_for, c)).toBe(c.label);
    }
  });

  it("words every real decision in Czech from the catalog, not the engine's English", () => {
    for (const d of samples.decisions) {
      const waiting = waitingText(cs, d.waiting_for);
      expect(waiting).not.toBe(d.waiting);
      expect(waiting).not.toMatch(/[{}]/);
      for (const c of d.choices) {
        const text = choiceText(cs, d.waiting_for, c);
        expect(text, c.label).not.toBe(c.label);
        expect(text).not.toMatch(/[{}]/);
      }
    }
    const queue = samples.decisions.find((d) => d.waiting_for.kind === "queue" && d.choices[0]!.event?.event.type === "dtmf")!;
    expect(choiceText(cs, queue.waiting_for, queue.choices[0]!)).toMatch(/^volající stiskne \d \(alternativní výstup\)$/);
  });

  it("words every real call status, with a known end reason", () => {
    for (const { status } of samples.calls) {
      if (status.kind === "done") expect(catalogs.en, status.reason).toHaveProperty(`debug.reason.${status.reason}`);
      const text = statusText(cs, status);
      expect(text).not.toMatch(/[{}_]/);
      expect(text).not.toBe(statusText(en, status));
    }
    expect(statusText(cs, { kind: "waiting", wait: "menu_input" })).toBe("čeká: volba v menu");
    expect(statusText(en, { kind: "done", reason: "caller_hung_up" })).toBe("ended: the caller hung up");
  });

  it("words every real pending timer in English as the engine does, and in Czech from the catalog", () => {
    // The samples' interactive runs meet calls' and callbacks' timers (script events and clock
    // advances belong to saved test calls; the type check keeps their words in the catalog).
    expect(samples.timers.filter((tm) => tm.timer.kind === "call").length).toBeGreaterThan(5);
    expect(samples.timers.filter((tm) => tm.timer.kind === "callback").length).toBeGreaterThan(2);
    for (const tm of samples.timers) {
      expect(timerText(en, tm.timer)).toBe(tm.what);
      const text = timerText(cs, tm.timer);
      expect(text, tm.what).not.toBe(tm.what);
      expect(text).not.toMatch(/[{}_]/);
    }
    expect(timerText(cs, { kind: "call", call: 1, timer: "menu_time_out" })).toBe("hovor 1: vyprší čas na volbu v menu");
    expect(timerText(en, { kind: "clock_advance" })).toBe("clock advance ends");
  });

  it("names a queue's entries and an agent's status in the UI's language", () => {
    expect(queueItemText(cs, "call 0")).toBe("hovor 0");
    expect(queueItemText(cs, "callback 2")).toBe("zpětné volání 2");
    expect(queueItemText(en, "callback 2")).toBe("callback 2");
    expect(queueItemText(cs, "something else")).toBe("something else");
    expect(cs("agentStatus.after_call_work")).toBe("práce po hovoru");
  });

  it("falls back to the engine's English for what it does not know", () => {
    expect(reasonText(cs, "some_new_reason")).toBe("some new reason");
    const odd: Choice = { label: "agent ana goes away", event: { at: 0n, call: 0, after_timeouts: false, event: { type: "agent_status", agent: "ana", status: "away" } } };
    expect(choiceText(cs, { kind: "queue", component: "q" }, odd)).toBe("agent ana goes away");
  });
});
