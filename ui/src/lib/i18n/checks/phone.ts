// Czech wording of the templates in `crates/check/src/phone.rs` (ICU MessageFormat; the
// arguments as the Rust templates name them).
export const phone: Record<string, string> = {
  "phone.NOT_E164": "{who}: `{number}` není telefonní číslo ve formátu E.164: {why}.",
  "phone.WRITE_E164": "Zapište číslo jako `+`, kód země a číslo, pouze číslicemi, např. `+420601234567`.",
  "phone.EMPTY": "je prázdné",
  "phone.NO_PLUS": "nezačíná znakem `+`",
  "phone.NOT_ONLY_DIGITS": "za `+` smějí následovat jen číslice (bez mezer, pomlček a závorek)",
  "phone.COUNTRY_CODE_STARTS_WITH_0": "kódy zemí nezačínají nulou",
  "phone.TOO_SHORT": "je příliš krátké",
  "phone.TOO_LONG": "má více než 15 číslic",
  "phone.NOT_VALID": "{who}: `{number}` není platné číslo podle číslovacího plánu své země.",
  "phone.CHECK_COUNTRY_CODE_AND_LENGTH": "Zkontrolujte kód země a délku čísla.",
};
