// What other features may ask of the canvas (it registers itself when mounted).
import type { Position } from "../bindings/Position";

export interface CanvasApi {
  /** The flow coordinates at the centre of the visible canvas. */
  center(): Position;
  fit(): void;
}

export const canvasApi: { current: CanvasApi | null } = { current: null };
