import { IntlMessageFormat } from "intl-messageformat";
import { useCallback } from "react";
import type { ComponentKind } from "../../bindings/ComponentKind";
import { useStore, type Lang } from "../../store/store";
import { cs } from "./cs";
import { en, type MessageKey } from "./en";
import { csExits, csKindDescriptions, csKinds } from "./kinds";
import type { Message, Params } from "./message";

export type { MessageKey };
export { invalid, isInvalid, type Invalid, type Message, type Params } from "./message";
export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, cs };

/** What `useT` gives: a catalog key and its parameters to text in the UI's language. */
export type Translate = (key: MessageKey, params?: Params) => string;

/** Messages are ICU MessageFormat (`{n, plural, one {# error} other {# errors}}`), compiled once
 * per language and key. Numbers are written as the language writes them (`1,5` in Czech). */
const compiled: Record<Lang, Map<MessageKey, IntlMessageFormat>> = { en: new Map(), cs: new Map() };

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = catalogs[lang][key] ?? en[key];
  // Without an argument a message is its own text.
  if (!text.includes("{")) return text;
  let format = compiled[lang].get(key);
  if (!format) {
    format = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true });
    compiled[lang].set(key, format);
  }
  try {
    return String(format.format(params ?? {}));
  } catch {
    // A value the caller did not pass: the message with its placeholders, not a broken screen.
    return text;
  }
}

/** A message in `lang`. */
export function messageText(lang: Lang, message: Message): string {
  return translate(lang, message.key, message.params);
}

/** The translate function of the current language. */
export function useT(): Translate {
  const lang = useStore((s) => s.lang);
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}

/** A kind's label in `lang` (English from the catalog). */
export function kindLabel(lang: Lang, kind: ComponentKind, catalogLabel: string | undefined): string {
  if (lang === "cs") return csKinds[kind];
  return catalogLabel ?? kind;
}

/** What a kind does, in `lang` (English from the catalog). */
export function kindDescription(lang: Lang, kind: ComponentKind, catalogDescription: string | undefined): string {
  if (lang === "cs") return csKindDescriptions[kind];
  return catalogDescription ?? "";
}

export function useKindLabel(): (kind: ComponentKind) => string {
  const lang = useStore((s) => s.lang);
  const kinds = useStore((s) => s.kinds);
  return useCallback((kind: ComponentKind) => kindLabel(lang, kind, kinds[kind]?.label), [lang, kinds]);
}

/** An exit's display name: `no_answer` -> `no answer` (Czech `nikdo to nevzal`), `key_1` -> `key 1`. */
export function exitLabel(name: string, lang: Lang = "en"): string {
  return (lang === "cs" ? csExits[name] : undefined) ?? name.replace(/_/g, " ");
}
