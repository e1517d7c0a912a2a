// Every catalog kind, grouped; search; drag onto the canvas or press Enter / double-click to add.
// The drag follows mouse events (not HTML5 drag and drop): it works the same under WebDriver,
// so the end-to-end tests drive it like a designer would.
import { memo, useMemo, useState, type KeyboardEvent, type MouseEvent as ReactMouseEvent } from "react";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { KindGroup } from "../bindings/KindGroup";
import { kindDescription, useKindLabel, useT } from "../lib/i18n";
import * as actions from "../store/actions";
import { useStore } from "../store/store";
import { canvasApi } from "./api";

export const GROUP_ORDER: KindGroup[] = ["flow", "ivr", "routing", "dialer", "callbacks"];

function addAtCenter(entry: CatalogEntry) {
  const at = canvasApi.current?.center() ?? { x: 0, y: 0 };
  actions.addComponent(entry.kind, { x: Math.round(at.x), y: Math.round(at.y) });
}

/** Pixels the mouse must move before a press on a palette item becomes a drag. */
const DRAG_THRESHOLD = 5;

/** Drags a palette item: a ghost follows the mouse; released over the canvas, the component is
 * added there. Escape cancels. */
function startDrag(down: ReactMouseEvent, entry: CatalogEntry, text: string) {
  if (down.button !== 0) return;
  const start = { x: down.clientX, y: down.clientY };
  let ghost: HTMLDivElement | null = null;
  const move = (e: MouseEvent) => {
    if (!ghost && Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
    if (!ghost) {
      ghost = document.createElement("div");
      ghost.className = `cf-drag-ghost cf-group-${entry.group}`;
      ghost.textContent = text;
      ghost.dataset.testid = "palette-ghost";
      document.body.appendChild(ghost);
      document.body.classList.add("cf-dragging");
    }
    ghost.style.transform = `translate(${e.clientX + 8}px, ${e.clientY + 8}px)`;
    const over = canvasApi.current?.contains(e.clientX, e.clientY) ?? false;
    ghost.classList.toggle("over-canvas", over);
    e.preventDefault();
  };
  const finish = (e: MouseEvent | null) => {
    window.removeEventListener("mousemove", move, true);
    window.removeEventListener("mouseup", up, true);
    window.removeEventListener("keydown", key, true);
    document.body.classList.remove("cf-dragging");
    const dragged = ghost !== null;
    ghost?.remove();
    ghost = null;
    if (!dragged || !e) return;
    const api = canvasApi.current;
    if (!api || !api.contains(e.clientX, e.clientY)) return;
    const at = api.toFlow(e.clientX, e.clientY);
    actions.addComponent(entry.kind, { x: Math.round(at.x - 120), y: Math.round(at.y - 30) });
  };
  const up = (e: MouseEvent) => finish(e);
  const key = (e: globalThis.KeyboardEvent) => {
    if (e.key === "Escape") finish(null);
  };
  window.addEventListener("mousemove", move, true);
  window.addEventListener("mouseup", up, true);
  window.addEventListener("keydown", key, true);
}

function PaletteView() {
  const catalog = useStore((s) => s.catalog);
  const flowType = useStore((s) => s.doc?.flow.type);
  const t = useT();
  const label = useKindLabel();
  const lang = useStore((s) => s.lang);
  const [query, setQuery] = useState("");

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matches = catalog.filter(
      (e) =>
        !q ||
        label(e.kind).toLowerCase().includes(q) ||
        e.label.toLowerCase().includes(q) ||
        e.kind.includes(q) ||
        e.vendor_names.toLowerCase().includes(q) ||
        e.description.toLowerCase().includes(q) ||
        kindDescription(lang, e.kind, e.description).toLowerCase().includes(q),
    );
    return GROUP_ORDER.map((g) => ({ group: g, entries: matches.filter((e) => e.group === g) })).filter((g) => g.entries.length > 0);
  }, [catalog, query, label, lang]);

  const onKey = (event: KeyboardEvent, entry: CatalogEntry) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      addAtCenter(entry);
    }
  };

  return (
    <aside className="cf-palette" aria-label={t("palette.title")}>
      <div className="cf-panel-title">{t("palette.title")}</div>
      <input
        className="cf-input cf-palette-search"
        type="search"
        placeholder={t("palette.search")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <div className="cf-palette-list">
        {groups.length === 0 && <div className="cf-muted">{t("palette.none", { query })}</div>}
        {groups.map(({ group, entries }) => (
          <section key={group} className="cf-palette-group">
            <h3>{t(`group.${group}`)}</h3>
            {entries.map((entry) => {
              const allowed = !flowType || entry.flow_types.length === 0 || entry.flow_types.includes(flowType);
              return (
                <div
                  key={entry.kind}
                  className={`cf-palette-item cf-group-${group}${allowed ? "" : " disabled"}`}
                  draggable={false}
                  tabIndex={0}
                  role="button"
                  data-kind={entry.kind}
                  title={allowed ? `${kindDescription(lang, entry.kind, entry.description)}\n${entry.vendor_names}` : t("palette.notInFlowType")}
                  onMouseDown={(e) => allowed && startDrag(e, entry, label(entry.kind))}
                  onDoubleClick={() => allowed && addAtCenter(entry)}
                  onKeyDown={(e) => allowed && onKey(e, entry)}
                >
                  <span className="cf-palette-dot" />
                  {label(entry.kind)}
                </div>
              );
            })}
          </section>
        ))}
      </div>
      <div className="cf-palette-hint cf-muted">{t("palette.hint")}</div>
    </aside>
  );
}

export const Palette = memo(PaletteView);
