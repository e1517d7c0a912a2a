// A finding's text (the Problems panel, the inspector, the publish refusal): its message and hint in
// the UI's language, or, where the checks' words have no translation, the code's title in the UI's
// language over the English message and hint.
import type { Diagnostic } from "../store-bindings/Diagnostic";
import { diagnosticText } from "../lib/i18n/diagnostics";
import { useStore } from "../store/store";

export function FindingText({ d }: { d: Pick<Diagnostic, "code" | "message" | "hint" | "wording"> }) {
  const lang = useStore((s) => s.lang);
  const { headline, detail, hint, lang: wordsLang } = diagnosticText(lang, d);
  return (
    <>
      <span className="cf-message">{headline}</span>
      {detail && (
        <span className="cf-hint" lang="en">
          {detail}
        </span>
      )}
      {hint && (
        <span className="cf-hint" lang={wordsLang}>
          {hint}
        </span>
      )}
    </>
  );
}
