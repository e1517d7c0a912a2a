// What each diagnostic code means, in Czech: the Rust checks write their messages and hints in
// English, so a Czech UI heads each finding with its code's title from here and shows the
// English detail (names, values, what to do) under it. English titles live with the codes
// (`crates/check/src/codes.rs`, listed in `docs/diagnostics.md`); a unit test checks that every
// code listed there has a Czech title here.
import type { Lang } from "../../store/store";

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

/** A finding as the UI shows it: a headline in the UI's language and, when that is not the
 * checks' own English, the English message under it. */
export function diagnosticText(lang: Lang, d: { code: string; message: string }): { headline: string; detail: string | null } {
  const title = lang === "cs" ? csDiagnosticTitles[d.code] : undefined;
  return title ? { headline: title, detail: d.message } : { headline: d.message, detail: null };
}

/** A finding on one line (tooltips, a form field's messages): `CF0106: headline (detail)`. */
export function diagnosticLine(lang: Lang, d: { code: string; message: string }): string {
  const { headline, detail } = diagnosticText(lang, d);
  return `${d.code}: ${headline}${detail ? ` (${detail})` : ""}`;
}
