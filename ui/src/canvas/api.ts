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
}

export const canvasApi: { current: CanvasApi | null } = { current: null };
