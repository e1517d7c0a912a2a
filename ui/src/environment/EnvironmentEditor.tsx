// The environment editor: agents (skills, status), queues and their prioritised groups, external
// destinations, calendars, dialer attempt settings and the call's start time, saved in the flow
// file's `environment`. Every change is one undoable edit; an empty part says which engine
// default applies, so a first call needs no set-up.
import { memo, useMemo } from "react";
import type { AgentStatus } from "../bindings/AgentStatus";
import type { DialerSettings } from "../bindings/DialerSettings";
import type { Environment } from "../bindings/Environment";
import { invalid, useT } from "../lib/i18n";
import type { Doc } from "../store/ops";
import { useStore } from "../store/store";
import { CommitInput, nonEmpty, wholeNumber } from "./CommitInput";
import * as env from "./ops";

const apply = (edit: (d: Doc) => Doc) => useStore.getState().apply(edit);

function useEnv(): Environment | null {
  const environment = useStore((s) => s.doc?.environment);
  const hasDoc = useStore((s) => s.doc !== null);
  return useMemo(() => (hasDoc ? env.envFrom(environment) : null), [environment, hasDoc]);
}

function Agents({ e }: { e: Environment }) {
  const t = useT();
  return (
    <section className="cf-env-section" data-testid="env-agents">
      <h4>
        {t("env.agents")} <button type="button" className="cf-button cf-small" onClick={() => apply(env.addAgent)} data-testid="env-add-agent">+ {t("env.add")}</button>
      </h4>
      {e.agents.length === 0 ? (
        <p className="cf-muted cf-small">
          {t("env.noAgents")}{" "}
          <button type="button" className="cf-link" onClick={() => apply(env.addSampleAgents)} data-testid="env-sample-agents">
            {t("env.sampleAgents")}
          </button>
        </p>
      ) : (
        <table className="cf-table">
          <thead>
            <tr>
              <th>{t("env.id")}</th>
              <th>{t("env.name")}</th>
              <th>{t("env.skills")}</th>
              <th>{t("env.ringGroups")}</th>
              <th>{t("env.status")}</th>
              <th>{t("env.idle")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {e.agents.map((a, i) => (
              <tr key={i} data-testid="env-agent" data-agent={a.id}>
                <td>
                  <CommitInput label={t("env.id")} value={a.id} parse={nonEmpty("invalid.agentId")} onCommit={(id: string) => apply((d) => env.updateAgent(d, i, { id }))} />
                </td>
                <td>
                  <CommitInput label={t("env.name")} value={a.name} onCommit={(name: string) => apply((d) => env.updateAgent(d, i, { name }))} testId="env-agent-name" />
                </td>
                <td className="cf-wide-input">
                  <CommitInput label={t("env.skills")} value={env.formatSkills(a.attributes)} parse={env.parseSkills} onCommit={(attributes: Record<string, number>) => apply((d) => env.updateAgent(d, i, { attributes }))} testId="env-agent-skills" />
                </td>
                <td>
                  <CommitInput label={t("env.ringGroups")} value={(a.ring_groups ?? []).join(", ")} parse={env.parseList} onCommit={(ring_groups: string[]) => apply((d) => env.updateAgent(d, i, { ring_groups }))} />
                </td>
                <td>
                  <select className="cf-input" aria-label={t("env.status")} value={a.status} onChange={(ev) => apply((d) => env.updateAgent(d, i, { status: ev.target.value as AgentStatus }))} data-testid="env-agent-status">
                    {env.AGENT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`agentStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <CommitInput label={t("env.idle")} type="number" className="cf-env-num" value={String(a.idle_sec)} parse={wholeNumber(0)} onCommit={(n: number) => apply((d) => env.updateAgent(d, i, { idle_sec: n as unknown as bigint }))} />
                </td>
                <td>
                  <button type="button" className="cf-icon-button" aria-label={t("env.remove")} title={t("env.remove")} onClick={() => apply((d) => env.removeAgent(d, i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Queues({ e }: { e: Environment }) {
  const t = useT();
  return (
    <section className="cf-env-section" data-testid="env-queues">
      <h4>
        {t("env.queues")} <button type="button" className="cf-button cf-small" onClick={() => apply(env.addQueue)}>+ {t("env.add")}</button>
      </h4>
      {e.queues.length === 0 ? (
        <p className="cf-muted cf-small">{t("env.noQueues")}</p>
      ) : (
        <table className="cf-table">
          <thead>
            <tr>
              <th>{t("env.id")}</th>
              <th>{t("env.name")}</th>
              <th>{t("env.groups")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {e.queues.map((q, i) => (
              <tr key={i}>
                <td>
                  <CommitInput label={t("env.id")} value={q.id} parse={nonEmpty("invalid.queueId")} onCommit={(id: string) => apply((d) => env.updateQueue(d, i, { id }))} />
                </td>
                <td>
                  <CommitInput label={t("env.name")} value={q.name} onCommit={(name: string) => apply((d) => env.updateQueue(d, i, { name }))} />
                </td>
                <td className="cf-wide-input">
                  <CommitInput label={t("env.groups")} value={env.formatGroups(q.groups)} parse={env.parseGroups} onCommit={(groups: Environment["queues"][number]["groups"]) => apply((d) => env.updateQueue(d, i, { groups }))} />
                </td>
                <td>
                  <button type="button" className="cf-icon-button" aria-label={t("env.remove")} title={t("env.remove")} onClick={() => apply((d) => env.removeQueue(d, i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Destinations({ e }: { e: Environment }) {
  const t = useT();
  const num = (label: string, value: number, key: "outdial_timeout_sec" | "no_answer_backoff_sec" | "busy_backoff_sec", i: number) => (
    <CommitInput label={label} type="number" className="cf-env-num" value={String(value)} parse={wholeNumber(0)} onCommit={(n: number) => apply((d) => env.updateDestination(d, i, { [key]: n }))} />
  );
  return (
    <section className="cf-env-section" data-testid="env-destinations">
      <h4>
        {t("env.destinations")} <button type="button" className="cf-button cf-small" onClick={() => apply(env.addDestination)}>+ {t("env.add")}</button>
      </h4>
      {e.external_destinations.length === 0 ? (
        <p className="cf-muted cf-small">{t("env.noDestinations")}</p>
      ) : (
        <table className="cf-table">
          <thead>
            <tr>
              <th>{t("env.name")}</th>
              <th>{t("env.number")}</th>
              <th>{t("env.enabled")}</th>
              <th>{t("env.cap")}</th>
              <th>{t("env.timeout")}</th>
              <th>{t("env.noAnswerBackoff")}</th>
              <th>{t("env.busyBackoff")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {e.external_destinations.map((x, i) => (
              <tr key={i}>
                <td>
                  <CommitInput label={t("env.name")} value={x.name} parse={nonEmpty("invalid.destinationName")} onCommit={(name: string) => apply((d) => env.updateDestination(d, i, { name }))} />
                </td>
                <td className="cf-wide-input">
                  <CommitInput label={t("env.number")} value={x.number} parse={(s) => (/^\+[1-9]\d{3,14}$/.test(s.trim()) ? s.trim() : invalid("invalid.e164", { text: s.trim() }))} onCommit={(number: string) => apply((d) => env.updateDestination(d, i, { number }))} />
                </td>
                <td>
                  <input type="checkbox" aria-label={t("env.enabled")} checked={x.enabled} onChange={(ev) => apply((d) => env.updateDestination(d, i, { enabled: ev.target.checked }))} />
                </td>
                <td>
                  <CommitInput
                    label={t("env.cap")}
                    type="number"
                    className="cf-env-num"
                    value={x.max_simultaneous_calls === undefined ? "" : String(x.max_simultaneous_calls)}
                    placeholder="∞"
                    parse={(s) => (s.trim() === "" ? null : wholeNumber(1)(s))}
                    onCommit={(n: number | null) => apply((d) => env.updateDestination(d, i, { max_simultaneous_calls: n ?? undefined }))}
                  />
                </td>
                <td>{num(t("env.timeout"), x.outdial_timeout_sec, "outdial_timeout_sec", i)}</td>
                <td>{num(t("env.noAnswerBackoff"), x.no_answer_backoff_sec, "no_answer_backoff_sec", i)}</td>
                <td>{num(t("env.busyBackoff"), x.busy_backoff_sec, "busy_backoff_sec", i)}</td>
                <td>
                  <button type="button" className="cf-icon-button" aria-label={t("env.remove")} title={t("env.remove")} onClick={() => apply((d) => env.removeDestination(d, i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Calendars({ e }: { e: Environment }) {
  const t = useT();
  const names = Object.keys(e.calendars);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return (
    <section className="cf-env-section" data-testid="env-calendars">
      <h4>
        {t("env.calendars")} <button type="button" className="cf-button cf-small" onClick={() => apply((d) => env.addCalendar(d, zone))}>+ {t("env.add")}</button>
      </h4>
      {names.length === 0 ? (
        <p className="cf-muted cf-small">{t("env.noCalendars")}</p>
      ) : (
        <table className="cf-table">
          <thead>
            <tr>
              <th>{t("env.name")}</th>
              <th>{t("env.timezone")}</th>
              <th>{t("env.weekly")}</th>
              <th>{t("env.holidays")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const cal = e.calendars[name]!;
              return (
                <tr key={name}>
                  <td className="cf-mono">{name}</td>
                  <td>
                    <CommitInput label={t("env.timezone")} value={cal.timezone} parse={env.parseTimeZone} onCommit={(timezone: string) => apply((d) => env.updateCalendar(d, name, { timezone }))} />
                  </td>
                  <td className="cf-wide-input">
                    <CommitInput label={t("env.weekly")} value={env.formatWeekly(cal.weekly)} parse={env.parseWeekly} onCommit={(weekly: typeof cal.weekly) => apply((d) => env.updateCalendar(d, name, { weekly }))} />
                  </td>
                  <td className="cf-wide-input">
                    <CommitInput
                      label={t("env.holidays")}
                      value={(cal.holidays ?? []).join(", ")}
                      parse={env.parseHolidays}
                      onCommit={(holidays: string[]) => apply((d) => env.updateCalendar(d, name, { holidays }))}
                    />
                  </td>
                  <td>
                    <button type="button" className="cf-icon-button" aria-label={t("env.remove")} title={t("env.remove")} onClick={() => apply((d) => env.removeCalendar(d, name))}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Dialer({ e }: { e: Environment }) {
  const t = useT();
  const settings = e.dialer ?? env.ENGINE_DIALER;
  const set = (patch: Partial<DialerSettings>) => apply((d) => env.setDialer(d, { ...settings, ...patch }));
  const field = (label: string, key: "agent_attempts" | "agent_retry_minutes" | "customer_attempts" | "customer_retry_minutes", min: number) => (
    <label className="cf-env-field">
      <span>{label}</span>
      <CommitInput label={label} type="number" className="cf-env-num" value={String(settings[key])} parse={wholeNumber(min)} onCommit={(n: number) => set({ [key]: n })} testId={`env-dialer-${key}`} />
    </label>
  );
  return (
    <section className="cf-env-section" data-testid="env-dialer">
      <h4>
        {t("env.dialer")}{" "}
        {e.dialer ? (
          <button type="button" className="cf-link cf-small" onClick={() => apply((d) => env.setDialer(d, null))}>
            {t("env.useDefaults")}
          </button>
        ) : (
          <span className="cf-muted cf-small">({t("env.engineDefault")})</span>
        )}
      </h4>
      <div className="cf-inline">
        {field(t("env.agentAttempts"), "agent_attempts", 1)}
        {field(t("env.agentRetry"), "agent_retry_minutes", 0)}
        {field(t("env.customerAttempts"), "customer_attempts", 1)}
        {field(t("env.customerRetry"), "customer_retry_minutes", 0)}
        <label className="cf-env-field">
          <span>{t("env.businessHours")}</span>
          <select className="cf-input" aria-label={t("env.businessHours")} value={settings.business_hours ?? ""} onChange={(ev) => set({ business_hours: ev.target.value || undefined })}>
            <option value="">{t("env.anyTime")}</option>
            {Object.keys(e.calendars).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}

function Call({ e }: { e: Environment }) {
  const t = useT();
  return (
    <section className="cf-env-section" data-testid="env-call">
      <h4>{t("env.call")}</h4>
      <label className="cf-env-field cf-env-wide">
        <span>{t("env.startTime")}</span>
        <CommitInput
          label={t("env.startTime")}
          value={e.start_time ?? ""}
          placeholder={t("env.startDefault", { time: env.ENGINE_START })}
          parse={(s) => (s.trim() === "" ? null : /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)(\[[^\]]+\])?$/.test(s.trim()) ? s.trim() : invalid("invalid.startTime", { text: s.trim() }))}
          onCommit={(v: string | null) => apply((d) => env.setStartTime(d, v))}
        />
      </label>
    </section>
  );
}

function EnvironmentEditorView() {
  const e = useEnv();
  const isDialer = useStore((s) => s.doc?.flow.type === "outbound_dialer");
  if (!e) return null;
  return (
    <div className="cf-dock-body cf-env" data-testid="environment-editor">
      <Agents e={e} />
      <Queues e={e} />
      <Destinations e={e} />
      <Calendars e={e} />
      {isDialer && <Dialer e={e} />}
      <Call e={e} />
    </div>
  );
}

export const EnvironmentEditor = memo(EnvironmentEditorView);
