// Czech wording of the templates in `crates/check/src/handling.rs` (ICU MessageFormat; the
// arguments as the Rust templates name them).
export const handling: Record<string, string> = {
  "handling.KEYS_NOT_SUPPORTED": "{who} má přiřazené alternativní klávesy ({keys}), ale {kind} alternativní klávesy nepřijímá.",
  "handling.REMOVE_KEYS": "Odeberte přiřazení kláves; alternativní výstupy během čekání volajícího nabízí jen Přidělení a vytáčení.",
  "handling.TOO_MANY_KEYS": "{who} má přiřazeno {count, plural, one {# alternativní klávesu} few {# alternativní klávesy} other {# alternativních kláves}}; klávesnice jich má 12.",
  "handling.BIND_EACH_KEY_ONCE": "Každou z kláves `0-9 * #` přiřaďte nejvýše jednou.",
  "handling.HANDLING_NOT_SUPPORTED": "{who} má nastavené zpracování chyb, ale {kind} sekci zpracování chyb nemá.",
  "handling.RESET_HANDLING": "Vraťte zpracování chyb na „Výchozí chování“ (odeberte `error_handling`).",
  "handling.FOLLOW_EXIT_UNKNOWN": "{who}: zpracování chyb pokračuje výstupem `{exit}`, který komponenta nemá.",
  "handling.NO_EXIT_TO_FOLLOW": "Komponenta nemá žádný výstup, kterým by šlo pokračovat; použijte Ukončit tok nebo vlastní výstup.",
  "handling.FOLLOW_ONE_OF": "Pokračujte jedním z výstupů: {exits}.",
  "handling.FOLLOW_EXIT_UNCONNECTED": "{who}: zpracování chyb pokračuje výstupem `{exit}`, který není připojen, takže chyba hovor zavěsí.",
  "handling.CONNECT_OR_END": "Připojte `{exit}`, nebo zvolte Ukončit tok, pokud má hovor skončit zavěšením.",
};
