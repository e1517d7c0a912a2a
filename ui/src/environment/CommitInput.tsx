// A text or number field that edits the document when the user is done (Enter or leaving the
// field): one undo step per change, not one per keystroke. It follows the document (undo shows
// the old value again) and refuses text its parser rejects, saying why.
import { memo, useEffect, useState } from "react";
import { invalid, isInvalid, useT, type Invalid, type Message, type MessageKey } from "../lib/i18n";

export interface CommitInputProps<T> {
  value: string;
  /** Turns the text into the value to store, or says why it cannot. */
  parse?: (text: string) => T | Invalid;
  onCommit: (value: T) => void;
  label: string;
  type?: "text" | "number";
  placeholder?: string;
  className?: string;
  testId?: string;
}

function CommitInputView<T>({ value, parse, onCommit, label, type = "text", placeholder, className, testId }: CommitInputProps<T>) {
  const [text, setText] = useState(value);
  const t = useT();
  // The refusal as a message: worded at each render, so it follows a change of language.
  const [error, setError] = useState<Message | null>(null);
  const errorText = error && t(error.key, error.params);
  useEffect(() => {
    setText(value);
    setError(null);
  }, [value]);
  const commit = () => {
    if (text === value) return;
    const parsed = parse ? parse(text) : (text as unknown as T);
    if (isInvalid(parsed)) {
      setError(parsed.error);
      return;
    }
    setError(null);
    onCommit(parsed);
  };
  return (
    <span className="cf-commit">
      <input
        className={`cf-input${error ? " invalid" : ""}${className ? ` ${className}` : ""}`}
        type={type}
        value={text}
        placeholder={placeholder}
        aria-label={label}
        title={errorText ?? label}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") {
            setText(value);
            setError(null);
          }
        }}
        data-testid={testId}
      />
      {errorText && <span className="cf-field-msg error cf-commit-error">{errorText}</span>}
    </span>
  );
}

export const CommitInput = memo(CommitInputView) as typeof CommitInputView;

/** Text that must not be blank (trimmed); `missing` says what is missing. */
export function nonEmpty(missing: MessageKey): (text: string) => string | Invalid {
  return (text) => text.trim() || invalid(missing);
}

/** A whole number at least `min`. */
export function wholeNumber(min = 0): (text: string) => number | Invalid {
  return (text) => {
    const n = Number(text.trim());
    if (text.trim() === "" || !Number.isInteger(n) || n < min) return invalid("invalid.wholeNumber", { text, min });
    return n;
  };
}
