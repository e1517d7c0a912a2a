// The debugger commands' request and reply (src-tauri/src/debug.rs: DebugAction, DebugReply).
// Written by hand: they wrap engine types that live in engine-bindings/.
import type { PathStep } from "../bindings/PathStep";
import type { SavedBreakpoint } from "../bindings/SavedBreakpoint";
import type { DebugView } from "../engine-bindings/DebugView";

export interface DebugReply {
  view: DebugView;
  /** The first call's path so far: each component entered, with the exit it left by. */
  path: PathStep[];
  /** When a breakpoint stopped the run: its index in the breakpoint list. */
  breakpoint: number | null;
  /** Breakpoints that could not be set (component gone, bad condition). */
  warnings: string[];
}

export type DebugAction =
  | { type: "step" }
  | { type: "continue" }
  | { type: "step_back" }
  | { type: "restart" }
  | { type: "choose"; index: number }
  | { type: "set_variable"; call: number; name: string; value: unknown }
  | { type: "jump"; index: number }
  | { type: "set_breakpoints"; breakpoints: SavedBreakpoint[] };
