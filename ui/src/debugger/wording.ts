// The debugger's questions, call states and timers in the UI's language. The engine sends each as
// data (`waiting_for`, a choice's `event` or `time_out`, a call's `status`, a timer's `timer`)
// beside its English words; these functions word the data from the message catalog, and fall back
// to the engine's English for anything they do not know.
import type { CallStatus } from "../engine-bindings/CallStatus";
import type { Choice } from "../engine-bindings/Choice";
import type { PendingTimer } from "../engine-bindings/PendingTimer";
import type { WaitingFor } from "../engine-bindings/WaitingFor";
import type { MessageKey, Translate } from "../lib/i18n";
import { catalogs } from "../lib/i18n";

/** A timer that will run out: whose it is and what. */
export function timerText(t: Translate, timer: PendingTimer): string {
  switch (timer.kind) {
    case "call":
      return t("debug.timer.call", { call: timer.call, what: t(`debug.timer.${timer.timer}`) });
    case "callback":
      return t("debug.timer.callback", { call: timer.id, what: t(`debug.timer.callback_${timer.timer}`) });
    case "script":
      return t("debug.timer.script", { index: timer.index });
    case "clock_advance":
      return t("debug.timer.clockAdvance");
  }
}

/** What a paused call waits for. */
export function waitingText(t: Translate, w: WaitingFor): string {
  switch (w.kind) {
    case "key":
      return t("debug.waiting.key", { component: w.component });
    case "queue":
      return t("debug.waiting.queue", { component: w.component });
    case "talk":
      return t("debug.waiting.talk", { party: w.party });
    case "external":
      return t(w.bridged ? "debug.waiting.externalBridged" : "debug.waiting.externalRinging", { number: w.number });
    case "voicemail":
      return t("debug.waiting.voicemail");
    case "dialer_leg":
      return t(w.agent_leg ? "debug.waiting.agentLeg" : "debug.waiting.customerLeg");
    case "callback":
      return t("debug.waiting.callback");
  }
}

/** One choice of a decision; `w` is what the call waits for (a key pressed in a queue takes the
 * alternative exit). */
export function choiceText(t: Translate, w: WaitingFor, choice: Choice): string {
  if (choice.time_out) return t(`debug.timeOut.${choice.time_out}`);
  const e = choice.event?.event;
  switch (e?.type) {
    case "dtmf":
      return t(w.kind === "queue" ? "debug.choice.dtmfAlternative" : "debug.choice.dtmf", { key: e.key });
    case "caller_hangup":
      return t("debug.choice.callerHangup");
    case "agent_status":
      return e.status === "available" ? t("debug.choice.agentAvailable", { agent: e.agent }) : choice.label;
    case "agent_answer":
      return t("debug.choice.agentAnswer", { agent: e.agent });
    case "agent_reject":
      return t("debug.choice.agentReject", { agent: e.agent });
    case "agent_device_fail":
      return t("debug.choice.agentDeviceFail", { agent: e.agent });
    case "agent_end_call":
      return t("debug.choice.agentEndCall", { agent: e.agent });
    case "ext_answer":
      return t("debug.choice.extAnswer", { destination: e.destination });
    case "ext_busy":
      return t("debug.choice.extBusy", { destination: e.destination });
    case "ext_fail":
      return t("debug.choice.extFail", { destination: e.destination });
    case "ext_end_call":
      return t("debug.choice.extEndCall", { destination: e.destination });
    case "dialer_agent_leg":
    case "dialer_customer_leg":
      return t(e.answered ? "debug.choice.legAnswered" : "debug.choice.legNotAnswered");
    case "customer_callback_answer":
      return t(e.answered ? "debug.choice.callbackAnswered" : "debug.choice.callbackNotAnswered");
    default:
      return choice.label;
  }
}

/** Where a call is: about to enter, waiting for what, or ended and why. */
export function statusText(t: Translate, status: CallStatus): string {
  switch (status.kind) {
    case "about_to_enter":
      return t("debug.status.about_to_enter");
    case "waiting":
      return t("debug.status.waiting", { wait: t(`debug.wait.${status.wait}`) });
    case "done":
      return t("debug.status.done", { reason: reasonText(t, status.reason) });
  }
}

/** A trace's end reason (`flow_ended`) in words; an unknown one as its id with spaces. */
export function reasonText(t: Translate, reason: string): string {
  const key = `debug.reason.${reason}`;
  return key in catalogs.en ? t(key as MessageKey) : reason.replace(/_/g, " ");
}

/** A queue's entry as the engine names it (`call 0`, `callback 1`) in the UI's language. */
export function queueItemText(t: Translate, item: string): string {
  const m = /^(call|callback) (\d+)$/.exec(item);
  if (!m) return item;
  return t(m[1] === "call" ? "debug.call" : "debug.callback", { call: Number(m[2]) });
}
