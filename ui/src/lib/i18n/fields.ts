// Labels of config fields by language, for the inspector's generated forms and the boxes'
// one-line summaries: field names and the values of their choices (enum values, variant tags). English is the name humanised (`ring_timeout_sec` ->
// `Ring timeout`); Czech is here, keyed by name (a unit test checks that every field and value
// of the catalog's schemas has one, and that nothing here is left over).
import { ENGLISH_SUMMARY, humanize, variantLabel, type SummaryWords } from "../schema";
import type { Lang } from "../../store/store";

export const csFields: Record<string, string> = {
  agent: "Agent",
  agent_group: "Skupina agentů",
  agent_media: "Média agenta",
  agents: "Agenti",
  agents_to_ring: "Počet vyzváněných agentů",
  asset: "Nahrávka",
  assign_to: "Přidělit",
  assignment: "Přidělení",
  assignments: "Přidělení",
  attributes: "Atributy",
  branches: "Větve",
  callback_number: "Číslo pro zpětné volání",
  caller_id: "Číslo volajícího",
  combine: "Spojení podmínek",
  day: "Den",
  dtmf_extension: "Klapka (DTMF)",
  error_in_request_message: "Zpráva při chybě požadavku",
  escalation: "Eskalace",
  evaluate_at: "Vyhodnotit k okamžiku",
  exit: "Výstup",
  expression: "Výraz",
  extension: "Klapka",
  external_destination: "Externí cíl",
  first_digit_timeout_sec: "Čekání na první číslici",
  from: "Od",
  greeting: "Pozdrav",
  holidays: "Svátky",
  input_args: "Vstupní argumenty",
  input_arguments: "Vstupní argumenty",
  inter_digit_timeout_sec: "Čekání mezi číslicemi",
  interruptible: "Lze přerušit",
  invalid_prompt: "Hláška při neplatné volbě",
  key: "Klávesa",
  label: "Popisek",
  lang: "Jazyk",
  literal: "Hodnota",
  max_digits: "Nejvýše číslic",
  max_duration_sec: "Nejdelší délka",
  max_retries: "Nejvýše opakování",
  max_waiting_time_sec: "Nejdelší čekání",
  min_digits: "Nejméně číslic",
  min_proficiency: "Nejnižší odbornost",
  module: "Modul",
  module_exits: "Výstupy modulu",
  name: "Název",
  no_input_prompt: "Hláška, když volající nic nezadá",
  number: "Číslo",
  numbers: "Čísla",
  on_not_connected: "Když se nespojí",
  options: "Volby",
  outbound_ani: "Odchozí ANI",
  outbound_caller_id: "Odchozí číslo volajícího",
  output_variable: "Výstupní proměnná",
  outputs: "Výstupy",
  phone_number: "Telefonní číslo",
  prefix_number: "Předčíslí",
  priority: "Priorita",
  prompt: "Hláška",
  queue: "Fronta",
  queue_flow: "Tok fronty",
  reason_label: "Označení důvodu",
  request_successful_message: "Zpráva po úspěšném požadavku",
  ring_group: "Vyzváněcí skupina",
  ring_groups: "Vyzváněcí skupiny",
  ring_on_outdial_started: "Vyzvánět už při zahájení odchozího volání",
  ring_timeout_sec: "Doba vyzvánění",
  ringing_audio: "Zvuk vyzvánění",
  schedule: "Rozvrh",
  selection: "Výběr",
  service_number_digits: "Číslice servisního čísla",
  service_number_prefix_match: "Shoda předčíslí servisního čísla",
  sort_by: "Řadit podle",
  status_eligibility: "Způsobilost podle stavu",
  strategy: "Strategie",
  terminator: "Ukončovací klávesa",
  text: "Text",
  timeout_message: "Zpráva po vypršení času",
  timeout_sec: "Časový limit",
  timezone: "Časové pásmo",
  to: "Do",
  trigger: "Spouštěč",
  type: "Typ",
  validation: "Ověření",
  variable: "Proměnná",
  voice: "Hlas",
  waiting_audio: "Hudba při čekání",
  weekly: "Týdenní rozvrh",
};

export const csValues: Record<string, string> = {
  // Enum values.
  and: "Všechny (a zároveň)",
  or: "Kterákoli (nebo)",
  api_request: "Požadavek API",
  consider_any_status: "Jakýkoli stav",
  exhaust: "Do vyčerpání",
  idle_time: "Doba nečinnosti",
  most_proficient: "Nejvyšší odbornost",
  only_available: "Jen dostupní",
  single_attempt: "Jediný pokus",
  incoming_call: "Příchozí hovor",
  outgoing_call: "Odchozí hovor",
  outbound_dialer: "Odchozí dialer",
  monday: "Pondělí",
  tuesday: "Úterý",
  wednesday: "Středa",
  thursday: "Čtvrtek",
  friday: "Pátek",
  saturday: "Sobota",
  sunday: "Neděle",
  // Variant tags.
  agent: "Agent",
  agents: "Agenti",
  agents_variable: "Agenti z proměnné",
  attributes: "Atributy",
  audio: "Nahrávka",
  continue: "Pokračovat",
  number: "Číslo",
  original: "Původní",
  original_with_extension: "Původní s klapkou",
  reschedule: "Přeplánovat",
  ring_group: "Vyzváněcí skupina",
  ring_groups: "Vyzváněcí skupiny",
  tts: "TTS",
  variable: "Proměnná",
};

/** A config field's label. */
export function fieldLabel(lang: Lang, name: string): string {
  return (lang === "cs" && csFields[name]) || humanize(name);
}

/** The label of a choice: an enum value (`monday`) or a variant tag (`tts`). */
export function valueLabel(lang: Lang, value: string, variant: boolean): string {
  return (lang === "cs" && csValues[value]) || (variant ? variantLabel(value) : humanize(value));
}

const CS_DAYS = ["Po", "Út", "St", "Čt", "Pá", "So", "Ne"];

/** The words of a box's one-line summary in Czech: `doba vyzvánění 25 s`, `Po–Pá 08:00–18:00`,
 * `svátky: 3`. */
export const CZECH_SUMMARY: SummaryWords = {
  field: (key) => fieldLabel("cs", key).toLowerCase(),
  day: (index) => CS_DAYS[index] ?? "",
  count: (n, key, what) => (key ? `${fieldLabel("cs", key).toLowerCase()}: ${n}` : what === "dates" ? `${n} dat` : `${n}×`),
};

/** The summary words of `lang`. */
export function summaryWords(lang: Lang): SummaryWords {
  return lang === "cs" ? CZECH_SUMMARY : ENGLISH_SUMMARY;
}
