// A form generated from a kind's JSON Schema: the widget comes from the type and the
// `x-widget` hint (duration, phone, variable, expression, timezone, flow-ref, regex...).
import { memo, useId, useMemo, type ReactNode } from "react";
import type { DtmfKey } from "../bindings/DtmfKey";
import { DTMF_KEYS } from "../canvas/FlowNode";
import { useT } from "../lib/i18n";
import { fieldLabel, valueLabel } from "../lib/i18n/fields";
import { useStore } from "../store/store";
import {
  defaultValue,
  formatDuration,
  primaryType,
  resolve,
  unwrapNullable,
  variantDefault,
  variantOf,
  variants,
  type Json,
  type Schema,
} from "../lib/schema";

export interface FieldMessage {
  severity: "error" | "warning" | "info";
  text: string;
}

export interface FormContext {
  root: Schema;
  variables: string[];
  /** Messages by path inside the config (`options[1].key`). */
  messages: Map<string, FieldMessage[]>;
}

const PHONE = /^\+[1-9][0-9]{7,14}$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

let timezones: string[] | null = null;
function allTimezones(): string[] {
  if (!timezones) {
    try {
      timezones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
    } catch {
      timezones = ["UTC", "Europe/Prague", "Europe/London", "America/New_York"];
    }
  }
  return timezones;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export const SchemaForm = memo(function SchemaForm({ ctx, value, onChange }: { ctx: FormContext; value: Json; onChange: (v: Json) => void }) {
  return <Field ctx={ctx} schema={ctx.root} value={value} onChange={(v) => onChange(v ?? {})} path="" name={null} required />;
});

interface FieldProps {
  ctx: FormContext;
  schema: Schema;
  value: Json | undefined;
  onChange: (v: Json | undefined) => void;
  path: string;
  name: string | null;
  required: boolean;
}

function Messages({ ctx, path, extra }: { ctx: FormContext; path: string; extra?: string | null }) {
  const list = ctx.messages.get(path) ?? [];
  if (list.length === 0 && !extra) return null;
  return (
    <>
      {extra && <div className="cf-field-msg error">{extra}</div>}
      {list.map((m, i) => (
        <div key={i} className={`cf-field-msg ${m.severity}`}>
          {m.text}
        </div>
      ))}
    </>
  );
}

function Row({ label, children, description, htmlFor }: { label: string | null; children: ReactNode; description?: string; htmlFor?: string }) {
  return (
    <div className="cf-field">
      {label && (
        <label className="cf-field-label" htmlFor={htmlFor} title={description}>
          {label}
        </label>
      )}
      <div className="cf-field-body">{children}</div>
    </div>
  );
}

function Field(props: FieldProps) {
  const { ctx, schema: raw, value, onChange, path, name, required } = props;
  const t = useT();
  const lang = useStore((s) => s.lang);
  const id = useId();
  const resolved = resolve(ctx.root, raw);
  const { schema, nullable } = unwrapNullable(ctx.root, resolved);
  const label = name ? fieldLabel(lang, name) : null;
  const widget = schema["x-widget"] ?? resolved["x-widget"];
  const description = resolved.description ?? schema.description;

  // Optional compound values (Option<Prompt>...): a checkbox to set or clear them.
  const type = primaryType(schema);
  const vs = variants(ctx.root, schema);
  const compound = vs !== null || type === "object" || type === "array";
  if ((nullable || !required) && compound && (value === null || value === undefined)) {
    return (
      <Row label={label} description={description}>
        <button type="button" className="cf-link" onClick={() => onChange(defaultValue(ctx.root, { ...schema, default: undefined }))}>
          + {t("form.set")}
        </button>
      </Row>
    );
  }
  const clear = (nullable || !required) && compound ? (
    <button type="button" className="cf-link cf-clear" onClick={() => onChange(nullable ? null : undefined)} title={t("form.remove")}>
      ×
    </button>
  ) : null;

  if (vs) {
    const current = variantOf(vs, value);
    const plainEnum = vs.every((v) => !v.schema.properties);
    if (plainEnum) {
      return (
        <Row label={label} description={description} htmlFor={id}>
          <select id={id} className="cf-input" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
            {vs.map((v) => (
              <option key={v.tag} value={v.tag} title={v.description}>
                {valueLabel(lang, v.tag, true)}
              </option>
            ))}
          </select>
          <Messages ctx={ctx} path={path} />
        </Row>
      );
    }
    return (
      <fieldset className="cf-fieldset">
        {label && (
          <legend title={description}>
            {label} {clear}
          </legend>
        )}
        <select
          className="cf-input"
          value={current?.tag ?? ""}
          aria-label={label ?? "type"}
          onChange={(e) => {
            const v = vs.find((x) => x.tag === e.target.value);
            if (v) onChange(variantDefault(ctx.root, v));
          }}
        >
          {!current && <option value="">—</option>}
          {vs.map((v) => (
            <option key={v.tag} value={v.tag} title={v.description}>
              {valueLabel(lang, v.tag, true)}
            </option>
          ))}
        </select>
        {current && current.style === "internal" && (
          <ObjectFields ctx={ctx} schema={current.schema} value={value as Record<string, Json>} onChange={onChange} path={path} skip={["type"]} widget={widget} />
        )}
        {current && current.style === "external" && (
          <Field
            ctx={ctx}
            schema={{ ...(current.schema.properties?.[current.tag] ?? {}), "x-widget": widget ?? (current.tag === "variable" ? "variable" : undefined) }}
            value={(value as Record<string, Json>)[current.tag]}
            onChange={(v) => onChange({ [current.tag]: v ?? "" })}
            path={join(path, current.tag)}
            name={null}
            required
          />
        )}
        <Messages ctx={ctx} path={path} />
      </fieldset>
    );
  }

  if (schema.enum) {
    const isKey = schema.enum.length === 12 && schema.enum.includes("#");
    return (
      <Row label={label} description={description} htmlFor={id}>
        <select
          id={id}
          className={`cf-input${isKey ? " cf-keypicker" : ""}`}
          value={value === null || value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
        >
          {(nullable || !required) && <option value="">{t("form.none")}</option>}
          {(isKey ? (DTMF_KEYS as string[]) : (schema.enum as string[])).map((v) => (
            <option key={v} value={v}>
              {isKey ? v : valueLabel(lang, v, false)}
            </option>
          ))}
        </select>
        <Messages ctx={ctx} path={path} />
      </Row>
    );
  }

  switch (type) {
    case "object":
      if (schema.properties) {
        return (
          <fieldset className={label ? "cf-fieldset" : "cf-fieldset cf-fieldset-root"}>
            {label && (
              <legend title={description}>
                {label} {clear}
              </legend>
            )}
            <ObjectFields ctx={ctx} schema={schema} value={(value ?? {}) as Record<string, Json>} onChange={onChange} path={path} skip={[]} />
            <Messages ctx={ctx} path={path} />
          </fieldset>
        );
      }
      return <MapField {...props} label={label} schema={schema} />;
    case "array":
      return <ArrayField {...props} label={label} schema={schema} clear={clear} />;
    case "boolean":
      return (
        <Row label={null}>
          <label className="cf-check" title={description}>
            <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
          </label>
        </Row>
      );
    case "integer":
    case "number": {
      const n = typeof value === "number" ? value : undefined;
      return (
        <Row label={label} description={description} htmlFor={id}>
          <div className="cf-inline">
            <input
              id={id}
              className="cf-input cf-number"
              type="number"
              min={schema.minimum}
              max={schema.maximum}
              step={type === "integer" ? 1 : "any"}
              value={n ?? ""}
              placeholder={nullable ? t("form.none") : undefined}
              onChange={(e) => {
                if (e.target.value === "") onChange(nullable ? null : undefined);
                else onChange(type === "integer" ? Math.trunc(Number(e.target.value)) : Number(e.target.value));
              }}
            />
            {widget === "duration" && n !== undefined && <span className="cf-muted">{t("form.duration", { text: formatDuration(n) })}</span>}
          </div>
          <Messages ctx={ctx} path={path} />
        </Row>
      );
    }
    case "string":
    default:
      return <StringField {...props} label={label} schema={schema} widget={widget} nullable={nullable} description={description} />;
  }
}

function StringField(props: FieldProps & { label: string | null; widget?: string; nullable: boolean; description?: string }) {
  const { ctx, value, onChange, path, label, widget, nullable, description, name } = props;
  const t = useT();
  const id = useId();
  const text = typeof value === "string" ? value : "";
  const listId = `${id}-list`;
  let problem: string | null = null;
  if (text) {
    if (widget === "phone" && !PHONE.test(text)) problem = t("form.invalidPhone");
    if (widget === "regex") {
      try {
        new RegExp(text);
      } catch (e) {
        problem = t("form.invalidRegex", { message: e instanceof Error ? e.message : String(e) });
      }
    }
    if ((name === "from" || name === "to") && !TIME.test(text)) problem = t("form.invalidTime");
    if (widget === "variable" && ctx.variables.length > 0 && !ctx.variables.includes(text) && !text.includes(".")) {
      problem = t("form.unknownVariable", { name: text });
    }
  }
  const set = (v: string) => onChange(v === "" && nullable ? null : v);
  const long = name === "text" || widget === "expression";
  const className = `cf-input${widget === "expression" || widget === "regex" ? " cf-mono" : ""}${problem ? " invalid" : ""}`;
  return (
    <Row label={label} description={description} htmlFor={id}>
      {long ? (
        <textarea id={id} className={className} rows={widget === "expression" ? 2 : 3} value={text} onChange={(e) => set(e.target.value)} spellCheck={widget !== "expression"} />
      ) : (
        <input
          id={id}
          className={className}
          type={widget === "phone" ? "tel" : "text"}
          value={text}
          list={widget === "variable" || widget === "timezone" ? listId : undefined}
          placeholder={widget === "phone" ? "+420…" : widget === "timezone" ? "Europe/Prague" : nullable ? t("form.none") : undefined}
          onChange={(e) => set(e.target.value)}
          spellCheck={false}
        />
      )}
      {widget === "variable" && (
        <datalist id={listId}>
          {ctx.variables.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      )}
      {widget === "timezone" && (
        <datalist id={listId}>
          {allTimezones().map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      )}
      <Messages ctx={ctx} path={path} extra={problem} />
    </Row>
  );
}

function ObjectFields({
  ctx,
  schema,
  value,
  onChange,
  path,
  skip,
  widget,
}: {
  ctx: FormContext;
  schema: Schema;
  value: Record<string, Json>;
  onChange: (v: Json) => void;
  path: string;
  skip: string[];
  widget?: string;
}) {
  const keys = useMemo(() => {
    const props = Object.keys(schema.properties ?? {}).filter((k) => !skip.includes(k));
    const req = new Set(schema.required ?? []);
    // Required fields first, then optional ones, each in schema order.
    return [...props.filter((k) => req.has(k)), ...props.filter((k) => !req.has(k))];
  }, [schema, skip]);
  return (
    <>
      {keys.map((key) => {
        const prop = schema.properties![key]!;
        const propSchema = widget && !prop["x-widget"] && primaryType(resolve(ctx.root, prop)) === "string" ? { ...prop, "x-widget": widget } : prop;
        return (
          <Field
            key={key}
            ctx={ctx}
            schema={propSchema}
            value={value?.[key]}
            onChange={(v) => {
              const next = { ...(value ?? {}) };
              if (v === undefined) delete next[key];
              else next[key] = v;
              onChange(next);
            }}
            path={join(path, key)}
            name={key}
            required={(schema.required ?? []).includes(key)}
          />
        );
      })}
    </>
  );
}

function ArrayField(props: FieldProps & { label: string | null; clear: ReactNode }) {
  const { ctx, schema, value, onChange, path, label, clear } = props;
  const t = useT();
  const items = Array.isArray(value) ? value : [];
  const itemSchema = schema.items ?? {};
  const add = () => {
    let next = defaultValue(ctx.root, itemSchema);
    // Menu options and similar: pick the first key not used yet.
    const resolvedItem = resolve(ctx.root, itemSchema);
    const keyProp = resolvedItem.properties?.key;
    if (keyProp && next && typeof next === "object" && !Array.isArray(next)) {
      const used = new Set(items.map((i) => (i && typeof i === "object" && !Array.isArray(i) ? i.key : null)));
      const free = DTMF_KEYS.find((k: DtmfKey) => !used.has(k));
      if (free) next = { ...next, key: free };
    }
    onChange([...items, next]);
  };
  return (
    <fieldset className="cf-fieldset cf-array">
      {label && (
        <legend title={schema.description}>
          {label} {clear}
        </legend>
      )}
      {items.map((item, i) => (
        <div key={i} className="cf-array-item">
          <div className="cf-array-body">
            <Field
              ctx={ctx}
              schema={itemSchema}
              value={item}
              onChange={(v) => {
                const next = items.slice();
                next[i] = v ?? null;
                onChange(next);
              }}
              path={join(path, i)}
              name={null}
              required
            />
          </div>
          <button type="button" className="cf-icon-button" title={t("form.remove")} aria-label={t("form.remove")} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="cf-link" onClick={add}>
        + {t("form.add")}
      </button>
      <Messages ctx={ctx} path={path} />
    </fieldset>
  );
}

function MapField(props: FieldProps & { label: string | null }) {
  const { ctx, schema, value, onChange, path, label } = props;
  const t = useT();
  const entries = Object.entries((value && typeof value === "object" && !Array.isArray(value) ? value : {}) as Record<string, Json>);
  const valueSchema: Schema = typeof schema.additionalProperties === "object" ? schema.additionalProperties : { type: "string" };
  const set = (list: [string, Json][]) => onChange(Object.fromEntries(list));
  return (
    <fieldset className="cf-fieldset cf-array">
      {label && <legend title={schema.description}>{label}</legend>}
      {entries.map(([k, v], i) => (
        <div key={i} className="cf-array-item cf-map-item">
          <input className="cf-input" value={k} aria-label={t("form.key")} onChange={(e) => set(entries.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))} />
          <Field ctx={ctx} schema={valueSchema} value={v} onChange={(nv) => set(entries.map((x, j) => (j === i ? [x[0], nv ?? ""] : x)))} path={join(path, k)} name={null} required />
          <button type="button" className="cf-icon-button" aria-label={t("form.remove")} onClick={() => set(entries.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="cf-link" onClick={() => set([...entries, [`key${entries.length + 1}`, defaultValue(ctx.root, valueSchema)]])}>
        + {t("form.add")}
      </button>
      <Messages ctx={ctx} path={path} />
    </fieldset>
  );
}
