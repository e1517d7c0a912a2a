// One component on the canvas. Memoised: it re-renders only when its own data changes.
import { Handle, Position, useStore as useFlowStore, type Node, type NodeProps } from "@xyflow/react";
import { memo, useLayoutEffect } from "react";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { Component } from "../bindings/Component";
import type { DtmfKey } from "../bindings/DtmfKey";
import type { ExitInfo } from "../bindings/ExitInfo";
import { exitLabel, translate } from "../lib/i18n";
import { mark } from "../lib/marks";
import { summaryWords } from "../lib/i18n/fields";
import { summarize } from "../lib/schema";
import { useNodeDecoration } from "./decorations";
import type { Lang } from "../store/store";

export const DTMF_KEYS: DtmfKey[] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

export interface Problems {
  errors: number;
  warnings: number;
  /** Exits named by a diagnostic. */
  exits: string[];
  first?: string;
}

export type ComponentNodeData = {
  id: string;
  component: Component;
  entry: CatalogEntry | undefined;
  exits: ExitInfo[];
  problems: Problems | null;
  isEntry: boolean;
  lang: Lang;
  kindText: string;
  diff?: "added" | "removed" | "changed" | "moved";
};

export type ComponentNode = Node<ComponentNodeData, "component">;

const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < 0.4;

function FlowNodeView({ data, selected }: NodeProps<ComponentNode>) {
  mark("node-render");
  useLayoutEffect(() => mark("node-commit"));
  const simple = useFlowStore(zoomedOut);
  // Marks of features (debugger, coverage): see decorations.ts. An O(1) look-up per box.
  const deco = useNodeDecoration(data.id);
  const { component: c, entry, exits, problems, lang } = data;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);
  const group = entry?.group ?? "flow";
  const classes = ["cf-node", `cf-group-${group}`];
  if (selected) classes.push("selected");
  if (problems?.errors) classes.push("has-errors");
  else if (problems?.warnings) classes.push("has-warnings");
  if (data.diff) classes.push(`diff-${data.diff}`);
  if (deco?.className) classes.push(deco.className);
  const decoBadge = deco?.badge !== undefined && (
    <span className="cf-badge cf-badge-deco" title={deco.badgeTitle}>
      {deco.badge}
    </span>
  );
  const hasInput = entry?.role !== "entry" && entry?.role !== "event_handler";

  if (simple) {
    return (
      <div className={`${classes.join(" ")} cf-node-simple`} data-id={data.id} data-kind={c.kind}>
        {hasInput && <Handle type="target" position={Position.Left} id="in" className="cf-in" />}
        <div className="cf-node-name">
          {decoBadge}
          {problems && problems.errors > 0 && (
            <span className="cf-badge cf-badge-error" title={problems.first}>
              {problems.errors}
            </span>
          )}
          {c.name}
        </div>
        {exits.map((e) =>
          e.connectable ? (
            <Handle key={e.name} type="source" position={Position.Right} id={`exit:${e.name}`} className="cf-handle-hidden" />
          ) : null,
        )}
        {entry?.alternative_keys &&
          DTMF_KEYS.map((k) => <Handle key={k} type="source" position={Position.Bottom} id={`key:${k}`} className="cf-handle-hidden" />)}
        {entry && entry.error_handling.type !== "unsupported" && (
          <Handle type="source" position={Position.Right} id="error" className="cf-handle-hidden" />
        )}
      </div>
    );
  }

  const keys = c.alternative_keys ?? {};
  const eh = c.error_handling;
  return (
    <div className={classes.join(" ")} data-id={data.id} data-kind={c.kind}>
      {hasInput && <Handle type="target" position={Position.Left} id="in" className="cf-in" />}
      <div className="cf-node-head">
        {/* The debugger's breakpoint toggle (shown in debug mode: debugger/debugger.css). */}
        <span className="cf-bp-dot" data-bp={data.id} />
        <span className="cf-node-kind">{data.kindText}</span>
        {data.isEntry && <span className="cf-badge cf-badge-entry">{t("node.entry")}</span>}
        {problems && problems.errors > 0 && (
          <span className="cf-badge cf-badge-error" title={problems.first}>
            {problems.errors}
          </span>
        )}
        {problems && problems.warnings > 0 && (
          <span className="cf-badge cf-badge-warning" title={problems.first}>
            {problems.warnings}
          </span>
        )}
        {decoBadge}
      </div>
      <div className="cf-node-name">{c.name}</div>
      <div className="cf-node-summary">{summarize(c.config, 60, summaryWords(lang)) || "\u00a0"}</div>
      {(exits.length > 0 || (entry && entry.error_handling.type !== "unsupported")) && (
        <ul className="cf-exits">
          {exits.map((e) => {
            const target = c.exits?.[e.name] ?? null;
            const cls = ["cf-exit"];
            if (target) cls.push("connected");
            else if (e.required) cls.push("missing");
            if (!e.connectable) cls.push("system");
            if (problems?.exits.includes(e.name)) cls.push("problem");
            const mark = deco?.exits[`exit:${e.name}`];
            if (mark) cls.push(mark);
            return (
              <li key={e.name} className={cls.join(" ")} data-exit={e.name} title={`${e.name}${!e.connectable ? ` (${t("node.system")})` : e.required ? ` (${t("node.required")})` : ""}`}>
                <span className="cf-exit-label">
                  {exitLabel(e.name, lang)}
                  {e.required && <span className="cf-required" aria-label={t("node.required")}>*</span>}
                </span>
                {e.connectable && <Handle type="source" position={Position.Right} id={`exit:${e.name}`} className="cf-out" />}
              </li>
            );
          })}
          {entry && entry.error_handling.type !== "unsupported" && (
            <li className={`cf-exit cf-exit-error${eh?.mode === "custom" ? " connected" : ""}${deco?.exits.error ? ` ${deco.exits.error}` : ""}`} data-exit="error">
              <span className="cf-exit-label">
                {t("node.onError")}
                {eh && eh.mode !== "default" && eh.mode !== "custom" ? `: ${eh.mode === "end_flow" ? translate(lang, "errorMode.end_flow") : exitLabel(eh.exit, lang)}` : ""}
              </span>
              <Handle type="source" position={Position.Right} id="error" className="cf-out cf-out-error" />
            </li>
          )}
        </ul>
      )}
      {entry?.alternative_keys && (
        <div className="cf-keys" title={t("node.keys")}>
          {DTMF_KEYS.map((k) => (
            <span key={k} className={`cf-key${keys[k] ? " bound" : ""}${deco?.exits[`key:${k}`] ? ` ${deco.exits[`key:${k}`]}` : ""}`} data-key={k}>
              {k}
              <Handle type="source" position={Position.Bottom} id={`key:${k}`} className="cf-key-handle" />
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** A box re-renders for its own data, selection or drag state only: React Flow also passes its
 * measured size and absolute position, which change when a box scrolled into view is measured
 * (a second render of every new box) and which the box does not draw. */
export const FlowNode = memo(
  FlowNodeView,
  (a, b) => a.data === b.data && a.selected === b.selected && a.dragging === b.dragging && a.id === b.id && a.type === b.type,
);

export type NoteNodeData = { id: string; text: string };
export type NoteNode = Node<NoteNodeData, "note">;

function NoteView({ data, selected }: NodeProps<NoteNode>) {
  return (
    <div className={`cf-note${selected ? " selected" : ""}`} data-id={data.id}>
      {data.text}
    </div>
  );
}

export const NoteNodeView = memo(NoteView);
