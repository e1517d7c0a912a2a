// A finding's text (the Problems panel, the inspector, the publish refusal): its headline in the UI's
// language, then the checks' English message when the headline is a translation, then the hint.
import type { Diagnostic } from "../store-bindings/Diagnostic";
import { diagnosticText } from "../lib/i18n/diagnostics";
import { useStore } from "../store/store";

export function FindingText({ d }: { d: Pick<Diagnostic, "code" | "message" | "hint"> }) {
  const lang = useStore((s) => s.lang);
  const { headline, detail } = diagnosticText(lang, d);
  return (
    <>
      <span className="cf-message">{headline}</span>
      {detail && (
        <span className="cf-hint" lang="en">
          {detail}
        </span>
      )}
      {d.hint && (
        <span className="cf-hint" lang="en">
          {d.hint}
        </span>
      )}
    </>
  );
}
