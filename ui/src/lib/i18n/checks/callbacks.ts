// Czech wording of the templates in `crates/check/src/callbacks.rs` (ICU MessageFormat; the
// arguments as the Rust templates name them).
export const callbacks: Record<string, string> = {
  "callbacks.DECLINE_WITHOUT_START": "{who}: vede sem cesta bez předchozího kroku „Zahájit zpětné volání“.",
  "callbacks.START_BEFORE_DECLINE": "Zpětné volání rušte jen po jeho zahájení: na každé cestě před tento krok zařaďte „Zahájit zpětné volání“.",
  "callbacks.DECLINE_AFTER_REGISTER": "{who}: vede sem cesta přes krok „Registrovat zpětné volání“ bez nového kroku „Zahájit zpětné volání“.",
  "callbacks.DECLINE_BEFORE_REGISTERING": "Registrované zpětné volání už nelze zrušit; zrušte ho před registrací, nebo nejprve zahajte nové zpětné volání.",
  "callbacks.REGISTER_WITHOUT_START": "{who}: vede sem cesta bez předchozího kroku „Zahájit zpětné volání“, který by nebyl zrušen.",
  "callbacks.START_BEFORE_REGISTER": "Na každé cestě před tento krok zařaďte „Zahájit zpětné volání“, bez „Zrušit zpětné volání“ mezi nimi.",
  "callbacks.UNVALIDATED_NUMBER": "{who}: číslo pro zpětné volání `{variable}` pochází ze vstupu volajícího, který není na každé cestě ověřen.",
  "callbacks.VALIDATE_NUMBER": "Nastavte kroku „Sběr číslic“ vzor pro ověření, nebo před registrací otestujte `{variable}` v komponentě „Podmínka“.",
};
