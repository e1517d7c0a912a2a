import { afterEach, describe, expect, it, vi } from "vitest";

// What the app asks the library at start, answered here: which flow does it open?
let status: { path: string; error: null; seeded: number; first_flow: string | null };
const flows = [
  { id: "inbound_support", name: "Inbound support line", updated_at: "2026-12-04T10:00:00.400Z" },
  { id: "post_call_survey", name: "Post-call survey (module)", updated_at: "2026-12-04T10:00:00.500Z" },
];
const invoke = vi.fn(async (cmd: string) => {
  if (cmd === "library_status") return status;
  if (cmd === "library_list") return flows;
  // Opening fails here (no document to show): the test only asks which flow was asked for.
  throw new Error(`not answered: ${cmd}`);
});
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...(args as [string])) }));

const { openLibraryAtStart } = await import("../library/library");
const opened = () => invoke.mock.calls.filter((c) => c[0] === "library_open").map((c) => (c as unknown as [string, { id: string }])[1].id);

describe("the flow open at start", () => {
  afterEach(() => invoke.mockClear());

  it("is the welcome sample on a fresh library's first start, though another sample was stored a moment later", async () => {
    status = { path: "/lib.sqlite3", error: null, seeded: 7, first_flow: "inbound_support" };
    await openLibraryAtStart();
    expect(opened()).toEqual(["inbound_support"]);
  });

  it("is the most recently changed flow on later starts", async () => {
    status = { path: "/lib.sqlite3", error: null, seeded: 0, first_flow: null };
    await openLibraryAtStart();
    expect(opened()).toEqual(["post_call_survey"]);
  });
});
