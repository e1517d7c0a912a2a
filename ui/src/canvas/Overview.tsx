// The minimap: the flow's boxes drawn on a <canvas> (React Flow's SVG minimap repaints thousands
// of rectangles on every frame of a drag in a large flow), redrawn at most a few times a second
// while boxes move; the visible part as a rectangle; click or drag in it to move the view there.
// Its size follows the canvas (a short canvas under open panels keeps most of its room for the
// flow), and it folds away to a button.
import { useReactFlow, useStore as useFlowStore } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from "react";
import { useT } from "../lib/i18n";
import { useStore } from "../store/store";
import { GROUP_COLORS, type AnyNode, type FlowEdge } from "./model";

const PAD = 6;
const MAX_SCALE = 0.1;
const BOX = { width: 240, height: 120 };
/** Redraws of the boxes at most this often (ms) while they move. */
const REDRAW_MS = 250;

/** The overview's size for a canvas of this size: at most 200 × 150, at most about a quarter of
 * the canvas' height and a fifth of its width, never smaller than 96 × 72. */
export function overviewSize(paneWidth: number, paneHeight: number): { width: number; height: number } {
  const height = Math.round(Math.max(72, Math.min(150, paneHeight * 0.26, paneWidth * 0.15)));
  return { width: Math.round((height * 4) / 3), height };
}

const FOLDED_KEY = "callflow.overview.folded";

interface Frame {
  x: number;
  y: number;
  scale: number;
}

function OverviewView({ errors }: { errors: Set<string> }) {
  const t = useT();
  const [folded, setFolded] = useState(() => localStorage.getItem(FOLDED_KEY) === "1");
  const fold = (value: boolean) => {
    setFolded(value);
    localStorage.setItem(FOLDED_KEY, value ? "1" : "0");
  };
  if (folded) {
    return (
      <button type="button" className="cf-overview-unfold" onClick={() => fold(false)} title={t("overview.show")} data-testid="overview-show">
        {t("overview.title")}
      </button>
    );
  }
  return <OverviewMap errors={errors} onFold={() => fold(true)} />;
}

function OverviewMap({ errors, onFold }: { errors: Set<string>; onFold: () => void }) {
  const t = useT();
  const components = useStore((s) => s.doc?.flow.components);
  const positions = useStore((s) => s.doc?.layout.components);
  const kinds = useStore((s) => s.kinds);
  const transform = useFlowStore((s) => s.transform);
  const paneWidth = useFlowStore((s) => s.width);
  const paneHeight = useFlowStore((s) => s.height);
  const rf = useReactFlow<AnyNode, FlowEdge>();
  const { width: WIDTH, height: HEIGHT } = overviewSize(paneWidth, paneHeight);
  const canvas = useRef<HTMLCanvasElement>(null);
  const lastDraw = useRef(0);
  const pendingDraw = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Flow coordinates -> overview pixels, from the bounds of every box; kept while a drag is
  // under way (the frame would jitter), recomputed after it and after any other move.
  const dragging = useStore((s) => s.gestureBase !== null);
  const framed = useRef(positions);
  if (!dragging) framed.current = positions;
  const framedPositions = framed.current;
  const frame = useMemo<Frame>(() => {
    const ps = Object.values(framedPositions ?? {});
    if (ps.length === 0) return { x: 0, y: 0, scale: 1 };
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const p of ps) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x + BOX.width);
      maxY = Math.max(maxY, p.y + BOX.height);
    }
    // Small flows are not blown up: a box is at most 24 px wide; the content is centred.
    const scale = Math.min(MAX_SCALE, (WIDTH - 2 * PAD) / (maxX - minX || 1), (HEIGHT - 2 * PAD) / (maxY - minY || 1));
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    return { x: cx - WIDTH / 2 / scale, y: cy - HEIGHT / 2 / scale, scale };
  }, [framedPositions, WIDTH, HEIGHT]);

  // The newest inputs, for a redraw that was put off.
  const latest = useRef({ components, positions, kinds, errors, frame, WIDTH, HEIGHT });
  latest.current = { components, positions, kinds, errors, frame, WIDTH, HEIGHT };

  useEffect(() => {
    const draw = () => {
      pendingDraw.current = null;
      lastDraw.current = performance.now();
      const { components, positions, kinds, errors, frame, WIDTH, HEIGHT } = latest.current;
      const el = canvas.current;
      const ctx = el?.getContext("2d");
      if (!el || !ctx || !components || !positions) return;
      const ratio = window.devicePixelRatio || 1;
      if (el.width !== WIDTH * ratio || el.height !== HEIGHT * ratio) {
        el.width = WIDTH * ratio;
        el.height = HEIGHT * ratio;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      const w = Math.max(1, BOX.width * frame.scale);
      const h = Math.max(1, BOX.height * frame.scale);
      for (const [id, c] of Object.entries(components)) {
        const p = positions[id];
        if (!p) continue;
        ctx.fillStyle = errors.has(id) ? "#dc2626" : (GROUP_COLORS[kinds[c.kind]?.group ?? "flow"] ?? "#64748b");
        ctx.fillRect((p.x - frame.x) * frame.scale, (p.y - frame.y) * frame.scale, w, h);
      }
    };
    const since = performance.now() - lastDraw.current;
    if (since >= REDRAW_MS) draw();
    else if (!pendingDraw.current) pendingDraw.current = setTimeout(draw, REDRAW_MS - since);
  }, [components, positions, kinds, errors, frame, WIDTH, HEIGHT]);

  useEffect(() => () => {
    if (pendingDraw.current) clearTimeout(pendingDraw.current);
  }, []);

  // The visible part of the flow.
  const [tx, ty, zoom] = transform;
  const view = {
    left: (-tx / zoom - frame.x) * frame.scale,
    top: (-ty / zoom - frame.y) * frame.scale,
    width: (paneWidth / zoom) * frame.scale,
    height: (paneHeight / zoom) * frame.scale,
  };

  const moveTo = (e: MouseEvent | ReactMouseEvent, rect: DOMRect) => {
    const x = (e.clientX - rect.left) / frame.scale + frame.x;
    const y = (e.clientY - rect.top) / frame.scale + frame.y;
    void rf.setCenter(x, y, { zoom: rf.getZoom() });
  };

  const onMouseDown = (e: ReactMouseEvent<HTMLDivElement>) => {
    if (e.button !== 0 || (e.target as HTMLElement).closest(".cf-overview-fold")) return;
    e.preventDefault();
    const rect = e.currentTarget.getBoundingClientRect();
    moveTo(e, rect);
    const move = (ev: MouseEvent) => moveTo(ev, rect);
    const up = () => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  };

  return (
    <div className="cf-overview" style={{ width: WIDTH, height: HEIGHT }} onMouseDown={onMouseDown} data-testid="overview">
      <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT }} />
      <button type="button" className="cf-overview-fold" onClick={onFold} title={t("overview.hide")} aria-label={t("overview.hide")} data-testid="overview-hide">
        ×
      </button>
      <div
        className="cf-overview-view"
        style={{
          left: Math.max(-2, Math.min(WIDTH, view.left)),
          top: Math.max(-2, Math.min(HEIGHT, view.top)),
          width: Math.max(4, Math.min(WIDTH + 4, view.width)),
          height: Math.max(4, Math.min(HEIGHT + 4, view.height)),
        }}
      />
    </div>
  );
}

export const Overview = memo(OverviewView);
