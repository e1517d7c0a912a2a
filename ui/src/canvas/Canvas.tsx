import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  ReactFlow,
  getNodesBounds,
  getViewportForBounds,
  useReactFlow,
  type ReactFlowInstance,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnBeforeDelete,
} from "@xyflow/react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Position } from "../bindings/Position";
import { useKindLabel } from "../lib/i18n";
import { call } from "../lib/ipc/invoke";
import { fact, factOf, mark, markUntilSettled } from "../lib/marks";
import * as actions from "../store/actions";
import * as ops from "../store/ops";
import { useStore } from "../store/store";
import { DiffBanner } from "../library/DiffBanner";
import { canvasApi } from "./api";
import { EdgeDecorator, useEdgeDecorations } from "./decorations";
import { FlowNode, NoteNodeView } from "./FlowNode";
import { Overview } from "./Overview";
import { useDrawnMargin } from "./following";
import { perFrame } from "./perFrame";
import { READABLE_ZOOM, grow, intersects, openingViewport, recentring, revealViewport, viewRect, type FlowRect } from "./viewport";
import { CULL_FROM, EdgeCache, NodeCache, diffClasses, ghostNodes, nodeRect, parseEdgeId, problemsByComponent, type AnyNode, type Dim, type FlowEdge } from "./model";

const nodeTypes = { component: FlowNode, note: NoteNodeView };

const FIT_PADDING = 0.1;
// React Flow's object and array props, made once: it copies a prop into its store whenever the
// prop is a new object, and a new `defaultEdgeOptions` re-renders every edge (on every drag frame).
const DEFAULT_EDGE_OPTIONS = { type: "smoothstep" };
const PRO_OPTIONS = { hideAttribution: true };
const FIT_VIEW_OPTIONS = { padding: FIT_PADDING, maxZoom: 1 };
const MULTI_SELECTION_KEYS = ["Shift", "Meta", "Control"];

const RECENTRE_AFTER_MS = 60;

/** Fits the flow (all of `nodes`, drawn or not) in view (instantly: animations stall when
 * nothing repaints). `readable` keeps the zoom at READABLE_ZOOM or above, starting at the entry
 * component when the flow is larger. */
function fitFlow(rf: ReactFlowInstance<AnyNode, FlowEdge>, wrapper: HTMLDivElement | null, nodes: AnyNode[], readable: boolean) {
  const rect = wrapper?.getBoundingClientRect();
  if (!rect || rect.width === 0 || nodes.length === 0) return;
  const bounds = getNodesBounds(nodes);
  const all = getViewportForBounds(bounds, rect.width, rect.height, 0.05, 1, FIT_PADDING);
  if (!readable || all.zoom >= READABLE_ZOOM) {
    void rf.setViewport(all);
    return;
  }
  const entryId = useStore.getState().doc?.flow.entry;
  const entry = nodes.find((n) => n.id === entryId);
  const zoom = READABLE_ZOOM;
  const anchor = entry ? nodeRect(entry) : { x: bounds.x, y: bounds.y, h: bounds.height };
  void rf.setViewport(openingViewport(bounds, anchor, rect, zoom));
}

export function Canvas() {
  mark("canvas-render");
  useLayoutEffect(() => mark("canvas-commit"));
  useEffect(() => mark("canvas-effects"));
  const doc = useStore((s) => s.doc);
  const kinds = useStore((s) => s.kinds);
  const analysis = useStore((s) => s.analysis);
  const selection = useStore((s) => s.selection);
  const lang = useStore((s) => s.lang);
  const focus = useStore((s) => s.focus);
  const kindText = useKindLabel();
  const rf = useReactFlow<AnyNode, FlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  // The view a large flow's drawn boxes and edges are centred on (flow coordinates): the view as
  // it was when last recentred (see `followView`).
  const [view, setView] = useState<FlowRect | null>(null);
  const viewTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const updateView = useCallback(() => {
    if (viewTimer.current) clearTimeout(viewTimer.current);
    viewTimer.current = null;
    const rect = wrapper.current?.getBoundingClientRect();
    if (!rect) return;
    mark("recentre");
    setView(viewRect(rf.getViewport(), rect));
  }, [rf]);
  // While the view follows the debugger's steps (`reveal`), more is kept drawn around it.
  const { margin, marginRef, follow } = useDrawnMargin();
  /** After the view moved: recentre what is drawn at once, later or not at all (`recentring`);
   * "later" is once the move has been painted (at most every RECENTRE_AFTER_MS while it goes on). */
  const followView = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    const when = rect ? recentring(view, viewRect(rf.getViewport(), rect), marginRef.current) : "now";
    if (when === "now") updateView();
    else if (when === "later" && !viewTimer.current) viewTimer.current = setTimeout(updateView, RECENTRE_AFTER_MS);
  }, [rf, updateView, view, marginRef]);
  const followViewRef = useRef(followView);
  followViewRef.current = followView;

  const nodeCache = useRef(new NodeCache());
  /** The last fit request handled (see the fit effect below). */
  const fitted = useRef(0);
  const edgeCache = useRef(new EdgeCache());
  const measured = useRef<Map<string, Dim>>(actions.measuredSizes);
  const [measureTick, setMeasureTick] = useState(0);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());

  const diff = useStore((s) => s.diff);
  const dragPositions = useStore((s) => s.dragPositions);
  const problems = useMemo(() => problemsByComponent(analysis?.diagnostics, lang), [analysis, lang]);
  const withErrors = useMemo(() => new Set([...problems].filter(([, p]) => p.errors > 0).map(([id]) => id)), [problems]);
  const diffMap = useMemo(() => (diff ? diffClasses(diff) : undefined), [diff]);
  const selectionSet = useMemo(() => new Set(selection), [selection]);
  // A large flow draws only the boxes in or near the view (`margin` around it) and the edges
  // between them, and gives the boxes never drawn estimated sizes. React Flow alone draws every
  // edge whose bounding box crosses the view: in a large flow hundreds of long edges (into shared
  // boxes such as an End flow), each costing WebKit hundreds of MB and paint time (see
  // BENCHMARKS.md, App). The inspector's "Send to" still names every target.
  const components = doc?.flow.components;
  const bigFlow = useMemo(() => !!components && Object.keys(components).length > CULL_FROM, [components]);
  const bigFlowRef = useRef(bigFlow);
  bigFlowRef.current = bigFlow;
  // A new margin is drawn around the view as it is now: the view may have moved from the last
  // centre by more than the narrower margin, which would leave part of the screen undrawn.
  const firstMargin = useRef(true);
  useEffect(() => {
    if (firstMargin.current) {
      firstMargin.current = false;
      return;
    }
    if (bigFlowRef.current) updateView();
  }, [margin, updateView]);

  const nodes = useMemo(() => {
    if (!doc) return [];
    const built = nodeCache.current.build({ doc, kinds, exits: analysis?.exits, problems, selection: selectionSet, measured: measured.current, measuredVersion: measureTick, lang, kindText, diff: diffMap, estimate: bigFlow, overlay: dragPositions });
    return diff ? [...built, ...ghostNodes(diff, kinds, lang, kindText)] : built;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc?.flow.components, doc?.layout.components, doc?.flow.notes, doc?.layout.notes, doc?.flow.entry, bigFlow, kinds, analysis, problems, selectionSet, lang, kindText, measureTick, diff, diffMap, dragPositions]);
  const allNodes = useRef(nodes);
  allNodes.current = nodes;
  const allEdges = useMemo(
    () => (doc ? edgeCache.current.build(doc, selectedEdges) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc?.flow.components, selectedEdges],
  );
  // Which boxes are drawn: decided when the view is recentred or the flow changes, not on every
  // drag frame (a dragged box stays drawn until it is dropped). Selected boxes outside the region
  // are given to React Flow hidden, so that dragging or deleting a selection takes all of it
  // (Ctrl+A in a large flow must not draw every box).
  const drawnIds = useMemo(() => {
    if (!bigFlow || !view) return null;
    const drawn = grow(view, margin);
    const placed = doc?.layout.components ?? {};
    const ids = new Map<string, "drawn" | "hidden">();
    for (const n of allNodes.current) {
      // A component with no position yet (a file without one, being laid out) would be drawn at
      // 0,0 with every other such component: a large flow draws none of them until it is placed.
      if (n.type === "component" && !(n.id in placed) && !n.id.startsWith("removed:")) continue;
      if (intersects(drawn, nodeRect(n))) ids.set(n.id, "drawn");
      else if (n.selected) ids.set(n.id, "hidden");
    }
    return ids;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bigFlow, view, margin, doc?.flow.components, doc?.layout.components, doc?.flow.notes, selectionSet]);
  const hiddenCopies = useRef(new WeakMap<AnyNode, AnyNode>());
  const shownNodes = useMemo(() => {
    if (!bigFlow) return nodes;
    // Before the first fit has placed the view, nothing is drawn.
    if (!drawnIds) return [];
    const out: AnyNode[] = [];
    for (const n of nodes) {
      const how = drawnIds.get(n.id);
      if (how === "drawn") out.push(n);
      else if (how === "hidden") {
        let hidden = hiddenCopies.current.get(n);
        if (!hidden) {
          hidden = { ...n, hidden: true };
          hiddenCopies.current.set(n, hidden);
        }
        out.push(hidden);
      }
    }
    return out;
  }, [nodes, bigFlow, drawnIds]);
  const edges = useMemo(() => {
    if (!bigFlow) return allEdges;
    return drawnIds ? allEdges.filter((e) => drawnIds.get(e.source) === "drawn" && drawnIds.get(e.target) === "drawn") : [];
  }, [allEdges, bigFlow, drawnIds]);
  // Feature marks on edges (debugger path, coverage): see decorations.ts.
  const edgeDecorations = useEdgeDecorations();
  const edgeDecorator = useRef(new EdgeDecorator<FlowEdge>());
  const decoratedEdges = useMemo(() => edgeDecorator.current.apply(edges, edgeDecorations), [edges, edgeDecorations]);

  useEffect(() => {
    canvasApi.current = {
      center() {
        const rect = wrapper.current?.getBoundingClientRect();
        if (!rect) return { x: 0, y: 0 };
        return rf.screenToFlowPosition({ x: rect.left + rect.width / 2 - 120, y: rect.top + rect.height / 2 - 60 });
      },
      fit() {
        fitFlow(rf, wrapper.current, allNodes.current, false);
        updateView();
      },
      contains(clientX, clientY) {
        const rect = wrapper.current?.getBoundingClientRect();
        return !!rect && clientX >= rect.left && clientX <= rect.right && clientY >= rect.top && clientY <= rect.bottom;
      },
      toFlow(clientX, clientY) {
        return rf.screenToFlowPosition({ x: clientX, y: clientY });
      },
      reveal(id) {
        follow();
        const rect = wrapper.current?.getBoundingClientRect();
        const node = allNodes.current.find((n) => n.id === id);
        if (!rect || !node) return;
        // What floats over the canvas and would hide the box.
        const covers = [...(wrapper.current?.querySelectorAll(".cf-overview, .react-flow__controls") ?? [])].map((el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left - rect.left, top: r.top - rect.top, right: r.right - rect.left, bottom: r.bottom - rect.top };
        });
        // The box with its marks around it (the debugger's outline and glow reach 8 px out).
        const mark = 8;
        const r = nodeRect(node);
        const box = { x: r.x - mark, y: r.y - mark, width: r.w + 2 * mark, height: r.h + 2 * mark };
        const next = revealViewport(rf.getViewport(), { width: rect.width, height: rect.height }, box, covers);
        if (!next) return;
        // A pending "fit on open" must not undo this.
        fitted.current = useStore.getState().fitSeq;
        void rf.setViewport(next);
        followViewRef.current();
      },
      deleteSelection() {
        // Selected boxes outside the drawn region are in React Flow's nodes too (hidden).
        void rf.deleteElements({ nodes: rf.getNodes().filter((n) => n.selected), edges: rf.getEdges().filter((e) => e.selected) });
      },
    };
    return () => {
      canvasApi.current = null;
    };
  }, [rf, updateView, follow]);

  // Fit the flow in view when asked (a flow was opened or laid out), once every box is measured.
  const fitSeq = useStore((s) => s.fitSeq);
  useEffect(() => {
    if (fitSeq === fitted.current) return;
    // A small flow is fitted once every box is measured; a big one at once, with the estimated
    // sizes of the boxes not drawn (only what is visible is ever drawn).
    const ready = nodes.length > 0 && (bigFlow || nodes.every((n) => n.measured?.width || n.id.startsWith("removed:")));
    if (!ready) return; // runs again when the measurements arrive
    fitted.current = fitSeq;
    // After React Flow took the new nodes (its store updates in an effect of its own).
    setTimeout(() => {
      fitFlow(rf, wrapper.current, allNodes.current, true);
      updateView();
    }, 0);
  }, [fitSeq, nodes, bigFlow, rf, updateView]);

  // Centre a component asked for by the problems panel or the search.
  useEffect(() => {
    if (!focus) return;
    mark("focus-effect");
    const node = allNodes.current.find((n) => n.id === focus.id);
    if (!node) return;
    const { w, h } = nodeRect(node);
    // A pending "fit on open" must not undo this.
    fitted.current = useStore.getState().fitSeq;
    void rf.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: Math.max(rf.getZoom(), 0.9) }).then(updateView);
    updateView();
  }, [focus, rf, updateView]);

  // A drag's moves reach the store at most once per animation frame (see perFrame.ts).
  const [dragMoves] = useState(() =>
    perFrame<Record<string, Position>>((moves) => {
      // The bench's script time per move: this update to the end of the renders and effects.
      markUntilSettled("move");
      useStore.getState().dragTo(moves);
    }),
  );

  const onNodesChange = useCallback((changes: NodeChange<AnyNode>[]) => {
    const store = useStore.getState();
    let dims = false;
    const moves: Record<string, Position> = {};
    const noteMoves: Record<string, Position> = {};
    let select: Set<string> | null = null;
    const notes = new Set((store.doc?.flow.notes ?? []).map((n) => n.id));
    for (const change of changes) {
      if (change.type === "dimensions" && change.dimensions) {
        const prev = measured.current.get(change.id);
        if (!prev || prev.width !== change.dimensions.width || prev.height !== change.dimensions.height) {
          measured.current.set(change.id, change.dimensions);
          dims = true;
        }
      } else if (change.type === "position" && change.position) {
        if (notes.has(change.id)) noteMoves[change.id] = change.position;
        else moves[change.id] = change.position;
      } else if (change.type === "select") {
        select ??= new Set(store.selection);
        if (change.selected) select.add(change.id);
        else select.delete(change.id);
      }
    }
    if (dims && factOf("firstBoxesAt") === undefined) {
      // When the first boxes were measured, i.e. laid out for their first paint (epoch ms, which
      // the bench compares with the process's start time)...
      fact("firstBoxesAt", performance.timeOrigin + performance.now());
      // ...and, once painted, the start's last step for the app's timings (CALLFLOW_TIMINGS).
      requestAnimationFrame(() => setTimeout(() => void call("timing_mark", { label: "first boxes painted" }).catch(() => {}), 0));
    }
    if (Object.keys(moves).length > 0 || Object.keys(noteMoves).length > 0) {
      // Inside a drag, once per frame; other moves (the arrow keys) are edits of their own.
      if (store.gestureBase) dragMoves.push({ ...moves, ...noteMoves });
      else store.dragTo({ ...moves, ...noteMoves });
    }
    if (select) store.select([...select]);
    // A small flow's nodes carry their measured sizes (the fit on open waits for them). A large
    // flow's boxes are drawn only when in view and React Flow keeps the sizes it measured; the
    // map is enough for the layout and the edges, and rebuilding a thousand nodes for every box
    // that scrolls into view would double the cost of moving the view.
    if (dims && !bigFlowRef.current) {
      mark("measured");
      setMeasureTick((n) => n + 1);
    }
  }, [dragMoves]);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    setSelectedEdges((current) => {
      let next: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === "select") {
          next ??= new Set(current);
          if (change.selected) next.add(change.id);
          else next.delete(change.id);
        }
      }
      return next ?? current;
    });
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const port = ops.parsePort(connection.sourceHandle);
    if (!port || !connection.target) return;
    actions.connect(connection.source, port, connection.target);
  }, []);

  const isValidConnection = useCallback((c: Connection | FlowEdge) => {
    const doc = useStore.getState().doc;
    return !!doc && c.target in doc.flow.components && ops.parsePort(c.sourceHandle) !== null;
  }, []);

  const onBeforeDelete: OnBeforeDelete<AnyNode, FlowEdge> = useCallback(async ({ nodes, edges }) => {
    const entry = useStore.getState().doc?.flow.entry;
    return { nodes: nodes.filter((n) => n.id !== entry && !n.id.startsWith("removed:")), edges };
  }, []);

  const onDelete = useCallback(({ nodes, edges }: { nodes: AnyNode[]; edges: FlowEdge[] }) => {
    const store = useStore.getState();
    const noteIds = new Set((store.doc?.flow.notes ?? []).map((n) => n.id));
    const removed = new Set(nodes.map((n) => n.id));
    store.apply((d) => {
      let next = ops.removeComponents(d, nodes.filter((n) => !noteIds.has(n.id)).map((n) => n.id));
      next = ops.removeNotes(next, nodes.filter((n) => noteIds.has(n.id)).map((n) => n.id));
      for (const e of edges) {
        const parsed = parseEdgeId(e.id);
        const port = parsed && ops.parsePort(parsed.handle);
        if (parsed && port && !removed.has(parsed.source)) next = ops.connect(next, parsed.source, port, null);
      }
      return next;
    });
    store.select(store.selection.filter((id) => !removed.has(id)));
    setSelectedEdges(new Set());
  }, []);

  const onNodeDragStart = useCallback(() => useStore.getState().beginGesture(), []);
  const onNodeDragStop = useCallback(() => {
    // The drop's position first: it may still wait for the next frame.
    dragMoves.flush();
    useStore.getState().endGesture();
  }, [dragMoves]);
  const onPaneClick = useCallback(() => {
    useStore.getState().select([]);
    setSelectedEdges(new Set());
  }, []);

  return (
    <div className="cf-canvas" ref={wrapper} data-testid="canvas">
      <ReactFlow<AnyNode, FlowEdge>
        nodes={shownNodes}
        edges={decoratedEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        onDelete={onDelete}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onPaneClick={onPaneClick}
        onMove={followView}
        onMoveEnd={followView}
        // Delete and Backspace are handled with the other shortcuts (shell/keyboard.ts): React
        // Flow's key tracking keeps a key whose release it missed ("Z" pressed, "z" released when
        // Shift goes first, as after Ctrl+Shift+Z) and then ignores the next Delete.
        deleteKeyCode={null}
        multiSelectionKeyCode={MULTI_SELECTION_KEYS}
        selectionKeyCode="Shift"
        minZoom={0.05}
        maxZoom={2}
        colorMode="system"
        connectionLineType={ConnectionLineType.SmoothStep}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        proOptions={PRO_OPTIONS}
        fitViewOptions={FIT_VIEW_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <Overview errors={withErrors} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <DiffBanner />
    </div>
  );
}
