import { describe, expect, it } from "vitest";
import { refusal, sampleDoc } from "../test/fixtures";
import * as env from "./ops";

describe("environment edits", () => {
  it("a document without an environment reads as the engine's empty one", () => {
    const e = env.envOf(sampleDoc());
    expect(e.agents).toEqual([]);
    expect(e.dialer).toBeNull();
    expect(e.presence).toEqual({ on_push_timeout: "away", on_decline: "available" });
  });

  it("adds, edits and removes agents with fresh ids, sharing the rest of the document", () => {
    const doc = sampleDoc();
    const one = env.addAgent(env.addAgent(doc));
    expect(env.envOf(one).agents.map((a) => a.id)).toEqual(["agent", "agent_2"]);
    expect(one.flow).toBe(doc.flow);
    const edited = env.updateAgent(one, 1, { name: "Zoe", status: "busy", attributes: { sales: 3 } });
    expect(env.envOf(edited).agents[1]).toMatchObject({ id: "agent_2", name: "Zoe", status: "busy", attributes: { sales: 3 } });
    expect(env.envOf(edited).agents[0]).toBe(env.envOf(one).agents[0]);
    expect(env.envOf(env.removeAgent(edited, 0)).agents.map((a) => a.id)).toEqual(["agent_2"]);
    expect(env.updateAgent(doc, 5, { name: "x" })).toBe(doc);
    const samples = env.envOf(env.addSampleAgents(doc)).agents;
    expect(samples.map((a) => a.status)).toEqual(["available", "available"]);
  });

  it("parses skills, groups, opening hours and says what is wrong", () => {
    expect(env.parseSkills("billing:5, technical")).toEqual({ billing: 5, technical: 1 });
    expect(refusal(env.parseSkills("billing:high"))).toBe("Skill `billing`: `high` is not a whole number");
    expect(refusal(env.parseSkills("billing:high"), "cs")).toBe("Dovednost `billing`: `high` není celé číslo");
    expect(refusal(env.parseSkills(":3"))).toBe("Skill 1: the name is missing");
    expect(env.formatSkills({ a: 1, b: 2 })).toBe("a:1, b:2");
    expect(env.parseGroups("2: cy; 1: ana, ben")).toEqual([
      { id: "g2", priority: 1, members: ["ana", "ben"] },
      { id: "g1", priority: 2, members: ["cy"] },
    ]);
    expect(refusal(env.parseGroups("ana"))).toBe("Group 1: write `priority: members`");
    expect(refusal(env.parseGroups("1: ana; x: ben"), "cs")).toBe("Skupina 2: `x` není priorita (celé číslo)");
    expect(env.formatGroups([{ id: "g1", priority: 1, members: ["a", "b"] }])).toBe("1: a, b");
    const weekly = env.parseWeekly("mon-wed 08:00-17:00; sat 09:00-12:00");
    expect(weekly).toHaveLength(4);
    expect(env.formatWeekly(weekly as never)).toBe("mon 08:00-17:00; tue 08:00-17:00; wed 08:00-17:00; sat 09:00-12:00");
    expect(refusal(env.parseWeekly("fri-mon 08:00-17:00"))).toBe("Range 1: days are mon, tue, wed, thu, fri, sat, sun (in week order)");
    expect(refusal(env.parseWeekly("mon 8-17"), "cs")).toBe("Rozsah 1 (`mon 8-17`): zapište `mon 08:00-17:00` nebo `mon-fri 08:00-17:00`");
    expect(refusal(env.parseWeekly("mon 17:00-08:00"))).toBe("Range 1: 17:00 is not before 08:00");
  });

  it("time zones and holidays are checked against the time-zone database and the calendar", () => {
    expect(env.parseTimeZone(" Europe/Prague ")).toBe("Europe/Prague");
    expect(refusal(env.parseTimeZone("Europe/Brno"))).toBe("`Europe/Brno` is not an IANA time zone (e.g. Europe/Prague)");
    expect(refusal(env.parseTimeZone("  "), "cs")).toBe("Zadejte časové pásmo IANA, např. Europe/Prague");
    expect(env.parseHolidays("2026-12-24, 2028-02-29")).toEqual(["2026-12-24", "2028-02-29"]);
    expect(refusal(env.parseHolidays("2026-12-24, 2027-02-29"))).toBe("`2027-02-29` is not a date YYYY-MM-DD");
    expect(refusal(env.parseHolidays("24.12.2026"), "cs")).toBe("`24.12.2026` není datum ve tvaru RRRR-MM-DD");
  });

  it("dialer settings fall back to the engine's defaults; removing a calendar unlinks it", () => {
    let doc = env.addCalendar(sampleDoc(), "Europe/Prague");
    doc = env.setDialer(doc, { ...env.ENGINE_DIALER, business_hours: "office_hours" });
    expect(env.envOf(doc).calendars.office_hours!.weekly).toHaveLength(5);
    doc = env.removeCalendar(doc, "office_hours");
    expect(env.envOf(doc).dialer).toEqual({ ...env.ENGINE_DIALER, business_hours: undefined });
    expect(env.envOf(env.setDialer(doc, null)).dialer).toBeNull();
  });

  it("destinations: the cap can be cleared", () => {
    let doc = env.addDestination(sampleDoc());
    doc = env.updateDestination(doc, 0, { max_simultaneous_calls: 2 });
    expect(env.envOf(doc).external_destinations[0]!.max_simultaneous_calls).toBe(2);
    doc = env.updateDestination(doc, 0, { max_simultaneous_calls: undefined });
    expect("max_simultaneous_calls" in env.envOf(doc).external_destinations[0]!).toBe(false);
  });
});
