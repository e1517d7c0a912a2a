// Findings in the UI's language. The Rust checks word each finding in English (`message`, `hint`)
// and also send its `wording`: the ids of its message and hint templates with their arguments
// (`crates/check/src/message.rs`). A Czech UI words the finding from the Czech templates in
// `./checks/` (every template the checks have, as `checks.en.json` lists them, has one: a unit test
// keeps them in step). A finding without wording (or a template not yet translated) is headed by its
// code's Czech title from here, with the English message under it. English titles live with the
// codes (`crates/check/src/codes.rs`, listed in `docs/diagnostics.md`); a unit test checks that
// every code listed there has a Czech title here.
import { IntlMessageFormat } from "intl-messageformat";
import type { Arg } from "../../store-bindings/Arg";
import type { Diagnostic } from "../../store-bindings/Diagnostic";
import type { Lang } from "../../store/store";
import { csChecks } from "./checks";
import { csKinds } from "./kinds";

export const csDiagnosticTitles: Record<string, string> = {
  CF0101: "Chybí vstupní komponenta",
  CF0102: "Více než jedna vstupní komponenta",
  CF0103: "`flow.entry` neukazuje na vstupní komponentu",
  CF0104: "Tento druh komponenty v tomto typu toku nelze použít",
  CF0105: "Cílová komponenta neexistuje",
  CF0106: "Povinný výstup není připojen",
  CF0107: "Nepovinný výstup není připojen: hovor zde skončí zavěšením",
  CF0108: "Neznámý výstup",
  CF0109: "Systémový výstup je připojen",
  CF0110: "Nedosažitelná komponenta",
  CF0111: "Dvě komponenty mají stejný název",
  CF0112: "Smyčka, která se může opakovat donekonečna",
  CF0113: "Tok má přes 1 000 komponent",
  CF0114: "Klíč je v souboru dvakrát",
  CF0201: "Neplatné nastavení",
  CF0202: "Povinné nastavení je prázdné",
  CF0203: "Počet vyzváněných agentů je mimo rozsah",
  CF0204: "Priorita je mimo rozsah",
  CF0205: "`most_proficient` vyžaduje výběr podle atributů",
  CF0206: "Agent není e-mailová adresa",
  CF0207: "Neplatné limity počtu číslic",
  CF0208: "Neplatný vzor pro ověření",
  CF0209: "Neplatné volby menu",
  CF0210: "Neplatné větve podmínky",
  CF0211: "Nastavení proměnné bez přiřazení",
  CF0212: "Vytvoření externího čísla bez pravidla",
  CF0213: "Shoda předčíslí se nepoužije",
  CF0214: "Neplatné předčíslí",
  CF0215: "Neplatná čísla pro uskutečnění hovoru",
  CF0216: "Nulový časový limit",
  CF0301: "Alternativní klávesy nejsou podporovány",
  CF0302: "Více než 12 alternativních kláves",
  CF0303: "Zpracování chyb není podporováno",
  CF0304: "Zpracování chyb pokračuje neznámým výstupem",
  CF0305: "Zpracování chyb pokračuje nepřipojeným výstupem",
  CF0401: "Komponenta, kterou po hovoru nelze použít",
  CF0402: "Modul spuštěný po hovoru obsahuje zakázanou komponentu",
  CF0403: "Řetězec zpětných volání čeká déle než 48 hodin",
  CF0404: "Modul po hovoru nebyl zkontrolován",
  CF0501: "Odmítnutí zpětného volání bez jeho zahájení",
  CF0502: "Odmítnutí zpětného volání po jeho registraci",
  CF0503: "Registrace zpětného volání bez jeho zahájení",
  CF0504: "Číslo pro zpětné volání není ověřeno",
  CF0601: "Neplatný výraz",
  CF0602: "Nedeklarovaná proměnná ve výrazu",
  CF0603: "Přiřazení do nedeklarované proměnné nebo proměnné jen pro čtení",
  CF0604: "Nedeklarovaná proměnná v nastavení",
  CF0605: "Neplatný název proměnné",
  CF0606: "Proměnná je deklarována dvakrát",
  CF0607: "Výchozí hodnota neodpovídá typu",
  CF0608: "Proměnná neočekávaného typu",
  CF0701: "Telefonní číslo není ve formátu E.164",
  CF0702: "Telefonní číslo neplatí pro svou zemi",
  CF0801: "Neznámé časové pásmo",
  CF0802: "Chybně zapsaný čas",
  CF0803: "Otevírací doba končí dřív, než začne",
  CF0804: "Překrývající se otevírací doby",
  CF0805: "Chybně zapsané datum svátku",
  CF0806: "Rozvrh není nikdy otevřen",
  CF0807: "Svátek je uveden dvakrát",
  CF0901: "Není vybrán modul ani tok fronty",
  CF0902: "Nepřipojený výstup v modulu se chová jako konec toku",
  CF0903: "Výstupy modulu se změnily",
  CF0904: "Neznámý modul nebo tok fronty",
  CF0905: "Odkazovaný tok má nesprávný typ",
  CF0906: "Návrat do toku bez názvu výstupu",
  CF0907: "Modul spouští sám sebe",
  CF1001: "Cesta widgetu `continue` nikdy nerozhodne o záznamu",
  CF1002: "Počet pokusů dialeru je menší než 1",
};

type Finding = Pick<Diagnostic, "code" | "message" | "hint" | "wording">;

/** A finding as the UI shows it: a headline and a hint in the UI's language, and, when the headline
 * is only the code's title, the checks' English message under it (`detail`). `lang` says which
 * language `detail` and `hint` are in. */
export interface FindingWords {
  headline: string;
  detail: string | null;
  hint: string;
  lang: Lang;
}

export function diagnosticText(lang: Lang, d: Finding): FindingWords {
  if (lang === "cs") {
    const message = d.wording && wordTemplate(d.wording.message, d.wording.args);
    const hint = d.wording && wordTemplate(d.wording.hint, d.wording.args);
    if (message != null && hint != null) return { headline: message, detail: null, hint, lang };
    const title = csDiagnosticTitles[d.code];
    if (title) return { headline: title, detail: d.message, hint: d.hint, lang: "en" };
  }
  return { headline: d.message, detail: null, hint: d.hint, lang: "en" };
}

/** A finding on one line (tooltips, a form field's messages): `CF0106: headline (detail)`. */
export function diagnosticLine(lang: Lang, d: Finding): string {
  const { headline, detail } = diagnosticText(lang, d);
  return `${d.code}: ${headline}${detail ? ` (${detail})` : ""}`;
}

/** Czech templates compiled once each. */
const compiled = new Map<string, IntlMessageFormat>();

/** Template `id` in Czech with `args` in place, or null when there is no Czech template (or it
 * does not format with these arguments: the caller then falls back to the English). */
function wordTemplate(id: string, args: Record<string, Arg | undefined>): string | null {
  const text = csChecks[id];
  if (text == null) return null;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(text, "cs", undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  const values: Record<string, string | number> = {};
  for (const [name, arg] of Object.entries(args)) {
    const value = arg && argText(arg);
    if (value == null) return null;
    values[name] = value;
  }
  try {
    return String(format.format(values));
  } catch {
    return null;
  }
}

/** An argument as Czech writes it: a component as `Druh „název“ (id)`, a kind by its label, a
 * phrase by its template (null when it has none), a list item by item. Numbers stay numbers so that plural forms and
 * `1 000` work. */
function argText(arg: Arg): string | number | null {
  if ("text" in arg) return arg.text;
  if ("number" in arg) return arg.number;
  if ("component" in arg) return `${csKinds[arg.component.kind] ?? arg.component.kind} „${arg.component.name}“ (${arg.component.id})`;
  if ("kind" in arg) return csKinds[arg.kind] ?? arg.kind;
  if ("list" in arg) {
    const items = arg.list.map(argText);
    return items.some((item) => item == null) ? null : items.join(", ");
  }
  return wordTemplate(arg.phrase, {});
}
