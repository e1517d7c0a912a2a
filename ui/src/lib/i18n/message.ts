// Messages as data: what parsers and checks return, worded in the UI's language only when shown.
// No dependencies beyond the catalog's key type, so pure modules (document and environment
// operations) can use it without pulling in the store or React.
import type { MessageKey } from "./en";

export type Params = Record<string, string | number>;

/** Text to show later, in the language the UI has then: a catalog key and its values. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

/** What a parser returns for text it refuses: why, as a message (worded when shown, so a parse
 * made in one language reads right after the user switches). */
export interface Invalid {
  error: Message;
}

export function invalid(key: MessageKey, params?: Params): Invalid {
  return { error: params ? { key, params } : { key } };
}

/** Whether a parser's result is a refusal (`T` may be any value, even an object with an `error`
 * field: a refusal's error is a message). */
export function isInvalid(value: unknown): value is Invalid {
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length !== 1) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === "object" && error !== null && typeof (error as { key?: unknown }).key === "string";
}
