import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useStore } from "../store/store";
import { CommitInput, wholeNumber } from "./CommitInput";
import { parseWeekly } from "./ops";

afterEach(() => {
  cleanup();
  useStore.setState({ lang: "en" });
});

describe("a field that commits when the user is done", () => {
  it("refuses text its parser rejects, says why in the UI's language, and keeps the value", () => {
    useStore.setState({ lang: "cs" });
    const committed: unknown[] = [];
    render(<CommitInput label="Hours" value="mon 08:00-17:00" parse={parseWeekly} onCommit={(v) => committed.push(v)} />);
    const input = screen.getByLabelText("Hours");
    fireEvent.change(input, { target: { value: "mon 17:00-08:00" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(committed).toEqual([]);
    expect(screen.getByText("Rozsah 1: 17:00 není před 08:00")).toBeTruthy();
    expect(input.getAttribute("title")).toBe("Rozsah 1: 17:00 není před 08:00");
    // Worded when shown: switching the language re-words a refusal already on screen.
    act(() => useStore.setState({ lang: "en" }));
    expect(screen.getByText("Range 1: 17:00 is not before 08:00")).toBeTruthy();
    // Accepted text is committed and the message goes.
    fireEvent.change(input, { target: { value: "tue 09:00-12:00" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(committed).toEqual([[{ day: "tuesday", from: "09:00", to: "12:00" }]]);
    expect(screen.queryByText(/Range 1/)).toBeNull();
  });

  it("a whole number below the minimum is refused with the minimum named", () => {
    render(<CommitInput label="Attempts" value="3" parse={wholeNumber(1)} onCommit={() => {}} />);
    const input = screen.getByLabelText("Attempts");
    fireEvent.change(input, { target: { value: "0" } });
    fireEvent.blur(input);
    expect(screen.getByText("`0` is not a whole number of at least 1")).toBeTruthy();
  });
});
