// Every catalog kind, grouped; search; drag onto the canvas or press Enter / double-click to add.
import { memo, useMemo, useState, type DragEvent, type KeyboardEvent } from "react";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { KindGroup } from "../bindings/KindGroup";
import { useKindLabel, useT } from "../lib/i18n";
import * as actions from "../store/actions";
import { useStore } from "../store/store";
import { canvasApi } from "./api";
import { KIND_MIME } from "./Canvas";

export const GROUP_ORDER: KindGroup[] = ["flow", "ivr", "routing", "dialer", "callbacks"];

function addAtCenter(entry: CatalogEntry) {
  const at = canvasApi.current?.center() ?? { x: 0, y: 0 };
  actions.addComponent(entry.kind, { x: Math.round(at.x), y: Math.round(at.y) });
}

function PaletteView() {
  const catalog = useStore((s) => s.catalog);
  const flowType = useStore((s) => s.doc?.flow.type);
  const t = useT();
  const label = useKindLabel();
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
        e.description.toLowerCase().includes(q),
    );
    return GROUP_ORDER.map((g) => ({ group: g, entries: matches.filter((e) => e.group === g) })).filter((g) => g.entries.length > 0);
  }, [catalog, query, label]);

  const onDragStart = (event: DragEvent, entry: CatalogEntry) => {
    event.dataTransfer.setData(KIND_MIME, entry.kind);
    event.dataTransfer.effectAllowed = "copy";
  };

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
                  draggable={allowed}
                  tabIndex={0}
                  role="button"
                  data-kind={entry.kind}
                  title={allowed ? `${entry.description}\n${entry.vendor_names}` : t("palette.notInFlowType")}
                  onDragStart={(e) => onDragStart(e, entry)}
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
