// The reader's detail (why a file could not be read) in the UI's language, for the sentences it
// writes most: serde's about the flow format, and the reader's own. Any other stays in English;
// the dialog marks which language it shows.
import type { Lang } from "../../store/store";

type Rule = [RegExp, (m: RegExpMatchArray) => string];

const eofWhat: Record<string, string> = { "a value": "hodnoty", "an object": "objektu", "a list": "seznamu", "a string": "řetězce" };

const csRules: Rule[] = [
  [/^unknown variant `([^`]*)`, expected one of (.+)$/s, (m) => `neznámá hodnota \`${m[1]}\`; povolené jsou ${m[2]}`],
  [/^unknown variant `([^`]*)`, expected (`[^`]*`)$/s, (m) => `neznámá hodnota \`${m[1]}\`; povolená je ${m[2]}`],
  [/^unknown field `([^`]*)`, expected one of (.+)$/s, (m) => `neznámé pole \`${m[1]}\`; povolená jsou ${m[2]}`],
  [/^unknown field `([^`]*)`, expected (`[^`]*`)$/s, (m) => `neznámé pole \`${m[1]}\`; povolené je ${m[2]}`],
  [/^unknown field `([^`]*)`, there are no fields$/s, (m) => `neznámé pole \`${m[1]}\`; tento objekt žádná pole nemá`],
  [/^missing field `([^`]*)`$/s, (m) => `chybí pole \`${m[1]}\``],
  [/^duplicate field `([^`]*)`$/s, (m) => `pole \`${m[1]}\` je uvedeno dvakrát`],
  [/^component id `([^`]*)` is used twice; ids must be unique within a flow$/s, (m) => `id komponenty \`${m[1]}\` je použito dvakrát; id musí být v toku jedinečná`],
  [/^EOF while parsing (a value|an object|a list|a string)$/s, (m) => `text končí uprostřed ${eofWhat[m[1]!]}`],
  [/^the file is not valid UTF-8 text$/s, () => "soubor není platný text v UTF-8"],
  [/^the file is not a JSON object$/s, () => "soubor není objekt JSON"],
  [/^`flow` must be an object$/s, () => "`flow` musí být objekt"],
];

/** `message` in `lang` when it is one of the sentences known here, with the language it is in. */
export function readDetail(lang: Lang, message: string): { text: string; lang: Lang } {
  if (lang === "cs") {
    for (const [pattern, word] of csRules) {
      const m = message.match(pattern);
      if (m) return { text: word(m), lang: "cs" };
    }
  }
  return { text: message, lang: "en" };
}
