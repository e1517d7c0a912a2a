// What other features may ask of the canvas (it registers itself when mounted).
import type { Position } from "../bindings/Position";

export interface CanvasApi {
  /** The flow coordinates at the centre of the visible canvas. */
  center(): Position;
  fit(): void;
  /** Whether the viewport point (clientX, clientY) is over the canvas. */
  contains(clientX: number, clientY: number): boolean;
  /** The flow coordinates of a viewport point. */
  toFlow(clientX: number, clientY: number): Position;
  /** Brings a component into view with the smallest pan (the debugger follows the call with it),
   * at once, in the same render as whatever else changed. */
  reveal(id: string): void;
  /** Deletes the selected boxes and edges (the entry component stays: see `onBeforeDelete`). */
  deleteSelection(): void;
}

export const canvasApi: { current: CanvasApi | null } = { current: null };
