import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnBeforeDelete,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { ComponentKind } from "../bindings/ComponentKind";
import type { Position } from "../bindings/Position";
import { useKindLabel } from "../lib/i18n";
import * as actions from "../store/actions";
import * as ops from "../store/ops";
import { useStore } from "../store/store";
import { DiffBanner } from "../library/DiffBanner";
import { canvasApi } from "./api";
import { FlowNode, NoteNodeView } from "./FlowNode";
import { EdgeCache, NodeCache, diffClasses, ghostNodes, parseEdgeId, problemsByComponent, type AnyNode, type Dim, type FlowEdge } from "./model";

const nodeTypes = { component: FlowNode, note: NoteNodeView };

const GROUP_COLORS: Record<string, string> = { flow: "#64748b", ivr: "#7c3aed", routing: "#0e7490", dialer: "#c2410c", callbacks: "#be185d" };

function minimapColor(node: AnyNode): string {
  if (node.type === "note") return "#eab308";
  const data = node.data as { entry?: { group: string }; problems?: { errors: number } | null };
  if (data.problems?.errors) return "#dc2626";
  return GROUP_COLORS[data.entry?.group ?? "flow"] ?? "#64748b";
}

export const KIND_MIME = "application/x-callflow-kind";

/** React Flow renders only what is visible once a flow is this big. */
const CULL_FROM = 150;

export function Canvas() {
  const doc = useStore((s) => s.doc);
  const kinds = useStore((s) => s.kinds);
  const analysis = useStore((s) => s.analysis);
  const selection = useStore((s) => s.selection);
  const lang = useStore((s) => s.lang);
  const focus = useStore((s) => s.focus);
  const kindText = useKindLabel();
  const rf = useReactFlow<AnyNode, FlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);

  const nodeCache = useRef(new NodeCache());
  /** The last fit request handled (see the fit effect below). */
  const fitted = useRef(0);
  const edgeCache = useRef(new EdgeCache());
  const measured = useRef<Map<string, Dim>>(actions.measuredSizes);
  const [measureTick, setMeasureTick] = useState(0);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());

  const diff = useStore((s) => s.diff);
  const problems = useMemo(() => problemsByComponent(analysis?.diagnostics), [analysis]);
  const diffMap = useMemo(() => (diff ? diffClasses(diff) : undefined), [diff]);
  const selectionSet = useMemo(() => new Set(selection), [selection]);

  const nodes = useMemo(() => {
    if (!doc) return [];
    const built = nodeCache.current.build({ doc, kinds, exits: analysis?.exits, problems, selection: selectionSet, measured: measured.current, lang, kindText, diff: diffMap });
    return diff ? [...built, ...ghostNodes(diff, kinds, lang, kindText)] : built;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc?.flow.components, doc?.layout.components, doc?.flow.notes, doc?.layout.notes, doc?.flow.entry, kinds, analysis, problems, selectionSet, lang, kindText, measureTick, diff, diffMap]);
  const edges = useMemo(
    () => (doc ? edgeCache.current.build(doc, selectedEdges) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc?.flow.components, selectedEdges],
  );

  useEffect(() => {
    canvasApi.current = {
      center() {
        const rect = wrapper.current?.getBoundingClientRect();
        if (!rect) return { x: 0, y: 0 };
        return rf.screenToFlowPosition({ x: rect.left + rect.width / 2 - 120, y: rect.top + rect.height / 2 - 60 });
      },
      fit() {
        void rf.fitView({ padding: 0.15, duration: 250, maxZoom: 1 });
      },
    };
    return () => {
      canvasApi.current = null;
    };
  }, [rf]);

  // Fit the flow in view when asked (a flow was opened or laid out), once every box is measured.
  const fitSeq = useStore((s) => s.fitSeq);
  useEffect(() => {
    if (fitSeq === fitted.current) return;
    const ready = nodes.length > 0 && nodes.every((n) => n.measured?.width || n.id.startsWith("removed:"));
    if (!ready) return; // runs again when the measurements arrive
    fitted.current = fitSeq;
    requestAnimationFrame(() => void rf.fitView({ padding: 0.15, duration: 200, maxZoom: 1 }));
  }, [fitSeq, nodes, rf]);

  // Centre a component asked for by the problems panel or the search.
  useEffect(() => {
    if (!focus) return;
    const node = rf.getNode(focus.id);
    if (!node) return;
    const w = node.measured?.width ?? 240;
    const h = node.measured?.height ?? 140;
    // A pending "fit on open" must not undo this.
    fitted.current = useStore.getState().fitSeq;
    void rf.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: Math.max(rf.getZoom(), 0.9) });
  }, [focus, rf]);

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
    if (Object.keys(moves).length > 0 || Object.keys(noteMoves).length > 0) {
      store.applyTransient((d) => {
        let next = Object.keys(moves).length > 0 ? ops.moveComponents(d, moves) : d;
        for (const [id, p] of Object.entries(noteMoves)) next = ops.moveNote(next, id, p);
        return next;
      });
    }
    if (select) store.select([...select]);
    if (dims) setMeasureTick((n) => n + 1);
  }, []);

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

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(KIND_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_MIME) as ComponentKind;
      if (!kind) return;
      event.preventDefault();
      const at = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      actions.addComponent(kind, { x: Math.round(at.x - 120), y: Math.round(at.y - 30) });
    },
    [rf],
  );

  const onNodeDragStart = useCallback(() => useStore.getState().beginGesture(), []);
  const onNodeDragStop = useCallback(() => useStore.getState().endGesture(), []);
  const onPaneClick = useCallback(() => {
    useStore.getState().select([]);
    setSelectedEdges(new Set());
  }, []);

  const big = nodes.length > CULL_FROM;

  return (
    <div className="cf-canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<AnyNode, FlowEdge>
        nodes={nodes}
        edges={edges}
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
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        selectionKeyCode="Shift"
        onlyRenderVisibleElements={big}
        minZoom={0.05}
        maxZoom={2}
        colorMode="system"
        connectionLineType={ConnectionLineType.SmoothStep}
        defaultEdgeOptions={{ type: "smoothstep" }}
        proOptions={{ hideAttribution: true }}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} className="cf-minimap" nodeColor={minimapColor} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <DiffBanner />
    </div>
  );
}
