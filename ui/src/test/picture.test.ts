import { afterEach, describe, expect, it, vi } from "vitest";
import { sampleDoc } from "./fixtures";

// The real invoke, observed: the picture must leave as raw bytes with its path in a header.
const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { savePicture } = await import("../export/picture");

const file = () => {
  const doc = sampleDoc();
  return { format: "callflow", version: 1, flow: doc.flow, layout: doc.layout } as Parameters<typeof savePicture>[0];
};

describe("saving a picture of the flow", () => {
  afterEach(() => invoke.mockReset());

  it("asks for the path first, then draws and sends the picture as bytes", async () => {
    const path = "/tmp/obrázky/flow.svg";
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "pick_picture_path") return path;
      if (cmd === "flow_svg") return "<svg xmlns='http://www.w3.org/2000/svg'/>";
      if (cmd === "save_picture") return path;
      throw new Error(`unexpected ${cmd}`);
    });
    const drawing = vi.fn();
    expect(await savePicture(file(), "svg", drawing)).toBe(path);
    expect(invoke.mock.calls.map((c) => c[0])).toEqual(["pick_picture_path", "flow_svg", "save_picture"]);
    expect(invoke.mock.calls[0]![1]).toEqual({ format: "svg", suggestedName: `${file().flow.id}.svg` });
    expect(drawing).toHaveBeenCalledOnce();
    const [, body, options] = invoke.mock.calls[2]!;
    expect(ArrayBuffer.isView(body) && (body as object).constructor.name).toBe("Uint8Array");
    expect(new TextDecoder().decode(body as Uint8Array)).toBe("<svg xmlns='http://www.w3.org/2000/svg'/>");
    // A header is ASCII; the path need not be.
    expect(options).toEqual({ headers: { "x-callflow-path": "%2Ftmp%2Fobr%C3%A1zky%2Fflow.svg" } });
  });

  it("draws nothing when the save dialog is cancelled", async () => {
    invoke.mockResolvedValueOnce(null);
    const drawing = vi.fn();
    expect(await savePicture(file(), "png", drawing)).toBeNull();
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(drawing).not.toHaveBeenCalled();
  });
});
