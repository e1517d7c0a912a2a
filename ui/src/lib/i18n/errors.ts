// Errors in the UI's language. A library error is worded from the values the library reports
// with it (`ErrorReport.args`): English is the library's own message, the one the command line
// prints; Czech is worded here. Texts from the system (an OS or SQLite error, a JSON parser's
// complaint) stay as the system wrote them, and a message without a Czech wording stays English.
import { IntlMessageFormat } from "intl-messageformat";
import type { AppError } from "../../gen/AppError";
import type { FileAction } from "../../gen/FileAction";
import type { FileProblem } from "../../gen/FileProblem";
import type { InterchangeError } from "../../gen/InterchangeError";
import type { ErrorKind } from "../../store-bindings/ErrorKind";
import type { ErrorReport } from "../../store-bindings/ErrorReport";
import type { RecordAt } from "../../engine-bindings/RecordAt";
import type { RecordProblem } from "../../engine-bindings/RecordProblem";
import type { RecordsError } from "../../engine-bindings/RecordsError";
import { useStore, type Lang } from "../../store/store";
import { CommandError, describeError } from "../ipc/invoke";
import { diagnosticLine } from "./diagnostics";
import { translate } from "./index";
import { readDetail } from "./readDetail";

/** ICU MessageFormat, like the catalog. Besides the report's own values a template may use
 * `has_backup` (`yes` / `no`); `errors` is a number (for plurals). `null`: no Czech wording (the
 * message is free text, as for the command line's arguments). */
export const csStoreErrors: Record<ErrorKind, string | null> = {
  not_a_database:
    "{path} není knihovna Callflow Studia (není to databáze SQLite). Nic se nezměnilo; vyberte jiný soubor, nebo tento přesuňte jinam a založte na jeho místě novou knihovnu.",
  foreign_database:
    "{path} je databáze SQLite, ale ne knihovna Callflow Studia (má tabulky {tables}). Nic se nezměnilo; vyberte jiný soubor.",
  newer_schema:
    "Knihovnu {path} zapsala novější verze Callflow Studia (schéma knihovny {found}; tato verze zná schémata do {supported}). Nic se nezměnilo; aktualizujte Callflow Studio, pak ji otevřete.",
  damaged:
    "Knihovna {path} je poškozená: {details}. Nic se nezměnilo. {has_backup, select, yes {Nejnovější záloha je {backup}: zavřete Callflow Studio, přesuňte {path} jinam a na její místo zkopírujte zálohu.} other {Vedle ní se nenašla žádná záloha; přesuňte {path} jinam, tím založíte novou knihovnu, a znovu naimportujte své exportované toky.}}",
  read_only:
    "Do knihovny {path} nelze zapisovat: {details}. Nic se nezměnilo; povolte zápis do souboru i jeho složky (nebo knihovnu zkopírujte tam, kam zapisovat lze, a otevřete ji tam).",
  busy: "Knihovna {path} je zaneprázdněná: zapisuje do ní jiné okno Callflow Studia nebo příkaz `callflow db`. Nic se nezměnilo; zkuste to znovu, až skončí.",
  disk_full:
    "Disk s knihovnou {path} je plný. Nic se nezměnilo a vaše toky jsou v pořádku; uvolněte místo na disku a zkuste to znovu.",
  migration:
    "Knihovnu {path} se nepodařilo převést na současné schéma: {details}. Převod byl vrácen a nic se nezměnilo{has_backup, select, yes {; záloha pořízená před převodem je v {backup}} other {}}.",
  backup:
    "Knihovnu {path} se před převodem schématu nepodařilo zálohovat do {backup}: {details}. Nic se nezměnilo; uvolněte místo na disku a otevřete knihovnu znovu.",
  flow_not_found: "Tok `{id}` v knihovně není (viz `callflow db list`).",
  flow_in_trash:
    "Tok `{id}` je v koši; nejdřív ho z koše obnovte (nebo ho smažte natrvalo, pak lze jeho id použít znovu).",
  flow_not_in_trash: "Tok `{id}` není v koši; nejdřív ho smažte, pak ho lze smazat natrvalo.",
  version_not_found: "Tok `{id}` nemá verzi {version} (viz `callflow db versions {id}`).",
  no_version: "Tok `{id}` zatím nemá uloženou verzi; před publikováním verzi uložte.",
  publish_refused:
    "Verzi {version} toku `{id}` nelze publikovat: obsahuje {errors, plural, one {# chybu} few {# chyby} other {# chyb}}. Opravte {errors, plural, one {ji} other {je}}, uložte novou verzi a publikujte tu.",
  unreadable: "Soubor {file} nelze importovat: {details}. Nic se neimportovalo.",
  duplicate_in_import:
    "{first} a {second} obsahují tentýž tok `{id}`; importujte je po jednom. Nic se neimportovalo.",
  stored_document:
    "{document, select, draft {Uložený koncept} module {Uložený modul} other {Uloženou verzi {version}}} toku `{id}` nelze přečíst: {details}. Spusťte `callflow db check`; obnovte jinou verzi.",
  flow_id_taken:
    "Tok s id `{id}` už v knihovně je (nebo v jejím koši); importujte soubor, tím tok aktualizujete, nebo změňte id.",
  flow_id_changed: "Dokument je tok `{found}`, ne `{id}`; id toku se měnit nemůže (tok raději zduplikujte).",
  bad_flow_id: "`{id}` nemůže být id toku: id má 1 až {max} znaků a žádné řídicí znaky.",
  empty_name: "Tok potřebuje název.",
  name_too_long: "Název toku může mít nejvýš {max} znaků.",
  run_not_found: "Zaznamenaný běh {run} neexistuje.",
  run_unreadable: "Zaznamenaný běh {run} není platný JSON: {details}.",
  invalid_input: null,
  io: "Operace se souborem {path} se nezdařila: {details}.",
  database: "Chyba databáze v {path}: {details}. Nic se nezměnilo.",
};

/** Campaign records: where (a CSV line, a record) and what, ICU MessageFormat over the error's own
 * fields. English is the engine's message (what `callflow sim campaign` prints). */
const csRecordAt: Record<RecordAt["type"], string> = {
  line: "Řádek {line}",
  number: "Záznam {number}",
  id: "Záznam `{id}`",
};

export const csRecordProblems: Record<RecordProblem["kind"], string> = {
  no_id_column: "CSV se záznamy potřebuje sloupec `id`",
  no_id: "záznam nemá id",
  duplicate_id: "id `{id}` je použito dvakrát",
  bad_outcome: "`{value}` není `answered` ani `no_answer`",
  bad_start_minute: "start_minute `{value}` není celé číslo",
  bad_answer: "input:{component}: `{answer}` nejsou klávesy (0-9 * #), `$<klíč záznamu>`, `silence` ani `hangup`",
  unknown_key: "input:{component}: `{answer}`: záznam nemá klíč `{key}`",
  untypeable: "zákazník nemůže u `{component}` napsat klíč záznamu `{key}` = `{value}` (klávesy jsou 0-9 * #)",
};

/** An ICU template of this file, with an error's own fields (or other values) as its arguments. */
function format(template: string, lang: Lang, values: object): string {
  return String(new IntlMessageFormat(template, lang, undefined, { ignoreTag: true }).format(values as Record<string, string | number>));
}

/** Campaign records that cannot be read or run, in Czech: "Řádek 3: …". */
export function recordsErrorText(error: RecordsError): string {
  const problem = format(csRecordProblems[error.problem.kind], "cs", error.problem);
  if (!error.at) return problem.charAt(0).toUpperCase() + problem.slice(1);
  return `${format(csRecordAt[error.at.type], "cs", error.at)}: ${problem}`;
}

/** A file the system refused: what the app was doing, then why (`other`: the system's own text). */
const csFileActions: Record<FileAction, string> = {
  read: "Soubor {path} nelze přečíst",
  write: "Soubor {path} nelze zapsat",
  create_folder: "Složku {path} nelze vytvořit",
  list_folder: "Obsah složky {path} nelze vypsat",
};

export const csFileProblems: Record<FileProblem, string> = {
  permission_denied: "systém odepřel přístup. Zkontrolujte oprávnění souboru i jeho složky, nebo vyberte jiné místo.",
  not_found: "soubor nebo složka neexistuje.",
  disk_full: "disk je plný. Uvolněte místo a zkuste to znovu.",
  read_only: "souborový systém je jen pro čtení. Vyberte jiné místo.",
  is_a_folder: "na tom místě je složka. Zvolte jiný název.",
  other: "{details}.",
};

/** A file error in Czech: "Soubor /tmp/x.json nelze zapsat: disk je plný. …". */
export function fileErrorText(error: Extract<AppError, { type: "file" }>): string {
  return `${format(csFileActions[error.action], "cs", error)}: ${format(csFileProblems[error.problem], "cs", error)}`;
}

/** An Amazon Connect flow that cannot be imported, in Czech (serde's sentences through
 * `readDetail`). */
export const csConnectErrors: Record<InterchangeError["kind"], string> = {
  syntax: "není to JSON{in_content, select, true { (v poli `Content`)} other {}}: {message} (řádek {line}, sloupec {column})",
  not_an_object: "není to tok Amazon Connect: nejvyšší úroveň není objekt JSON",
  no_flow: "není to tok Amazon Connect: chybí `Version`, `StartAction` a `Actions` (ani `Content`, který by je obsahoval)",
  version: "nepodporovaná verze jazyka toků Amazon Connect `{found}` (definována je jen 2019-10-30)",
  shape: "tok Amazon Connect neodpovídá jazyku toků v `{path}`: {message}",
  duplicate_identifier: "dvě akce mají stejný identifikátor `{id}`",
  unknown_start: "StartAction `{id}` neodkazuje na žádnou akci toku",
};

export function connectErrorText(path: string, error: InterchangeError): string {
  // serde_json ends its sentence with the position, which the template gives on its own.
  const values = "message" in error ? { ...error, message: readDetail("cs", error.message.replace(/ at line \d+ column \d+$/, "")).text } : error;
  return `Tok Amazon Connect ${path} nelze importovat: ${format(csConnectErrors[error.kind], "cs", values)}.`;
}

const templates: Record<Lang, Partial<Record<ErrorKind, string | null>>> = { en: {}, cs: csStoreErrors };

/** The library error `report` in `lang`, with the language the text is in (the library's English
 * message when there is no wording, or a value the wording needs is missing). */
export function storeErrorText(lang: Lang, report: ErrorReport): { text: string; lang: Lang } {
  const template = templates[lang][report.kind];
  if (!template) return { text: report.message, lang: "en" };
  const args: Record<string, string | number> = { ...report.args, has_backup: report.args.backup ? "yes" : "no" };
  if (report.args.errors !== undefined) args.errors = Number(report.args.errors);
  // A file's reader says why in sentences the UI knows how to word.
  if (report.read_error && report.args.details !== undefined) args.details = readDetail(lang, report.args.details).text;
  try {
    return { text: format(template, lang, args), lang };
  } catch {
    return { text: report.message, lang: "en" };
  }
}

/** Any command's error as one text in `lang`: a library error worded as above, a flow that
 * cannot run as its findings (worded as the problems panel words them), campaign records, files
 * the system refused and Amazon Connect flows that cannot be imported from the error's fields,
 * the others as
 * `describeError` says them. */
export function errorText(lang: Lang, error: AppError): { text: string; lang: Lang } {
  if (error.type === "store") return storeErrorText(lang, error.report);
  if (error.type === "records" && lang === "cs") return { text: recordsErrorText(error.error), lang };
  if (error.type === "file" && lang === "cs") return { text: fileErrorText(error), lang };
  if (error.type === "connect" && lang === "cs") return { text: connectErrorText(error.path, error.error), lang };
  if (error.type === "cannot_run" && lang !== "en") {
    const findings = error.diagnostics.map((d) => diagnosticLine(lang, d)).join("; ");
    return { text: `${translate(lang, "error.cannotRun", { count: error.diagnostics.length })}: ${findings}`, lang };
  }
  return { text: describeError(error), lang: "en" };
}

/** What went wrong, for a panel's error line, in the UI's language now: a command's error
 * worded as `errorText` does, any other error's own message. */
export function errorMessage(err: unknown): string {
  if (err instanceof CommandError) return errorText(useStore.getState().lang, err.error).text;
  return err instanceof Error ? err.message : String(err);
}
