import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { canvasApi, type CanvasApi } from "../canvas/api";
import { installShortcuts } from "../shell/keyboard";
import { initialState, useStore } from "../store/store";
import { sampleDoc } from "./fixtures";

const press = (key: string, init: KeyboardEventInit = {}) => window.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, ...init }));

describe("shortcuts", () => {
  let uninstall: () => void;
  const deleteSelection = vi.fn();

  beforeEach(() => {
    useStore.setState(initialState());
    useStore.getState().load(sampleDoc(), null);
    useStore.getState().select(["menu"]);
    deleteSelection.mockClear();
    canvasApi.current = { deleteSelection } as unknown as CanvasApi;
    uninstall = installShortcuts();
  });

  afterEach(() => {
    uninstall();
    canvasApi.current = null;
    document.body.innerHTML = "";
  });

  it("deletes the selection with Delete and with Backspace, every time", () => {
    // A shifted key whose Shift came up first ("A" down, "a" up) must not swallow the next Delete.
    press("A", { shiftKey: true });
    window.dispatchEvent(new KeyboardEvent("keyup", { key: "a" }));
    press("Delete");
    press("Backspace");
    expect(deleteSelection).toHaveBeenCalledTimes(2);
  });

  it("leaves the flow alone while typing in a field or while a dialog is open", () => {
    const input = document.body.appendChild(document.createElement("input"));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Backspace", bubbles: true }));
    const dialog = document.body.appendChild(document.createElement("div"));
    dialog.setAttribute("aria-modal", "true");
    const button = dialog.appendChild(document.createElement("button"));
    button.dispatchEvent(new KeyboardEvent("keydown", { key: "Delete", bubbles: true }));
    press("z", { ctrlKey: true });
    expect(deleteSelection).not.toHaveBeenCalled();
    expect(useStore.getState().selection).toEqual(["menu"]);
    dialog.remove();
    press("Delete");
    expect(deleteSelection).toHaveBeenCalledTimes(1);
  });
});
