// Czech wording of the templates in `crates/check/src/dialer.rs` (ICU MessageFormat; the
// arguments as the Rust templates name them).
export const dialer: Record<string, string> = {
  "dialer.CONTINUE_WITHOUT_OUTCOME": "{who} pokračuje výstupem Line 1, i když se jeho hovor nespojí, ale žádná cesta z Line 1 nenastaví proměnnou pro přeplánování ani nezavěsí: nespojený hovor tak záznam dokončí.",
  "dialer.DECIDE_ON_LINE_1": "Na cestě z Line 1 otestujte, zda se hovor spojil, a nastavte syskey.reschedule_agent_call / syskey.reschedule_customer_call, nebo cestu ukončete komponentou Zavěsit.",
  "dialer.TOO_FEW_AGENT_ATTEMPTS": "Nastavení dialeru povoluje {count, plural, one {# pokus} few {# pokusy} other {# pokusů}} o spojení s agentem; potřeba je alespoň 1.",
  "dialer.TOO_FEW_CUSTOMER_ATTEMPTS": "Nastavení dialeru povoluje {count, plural, one {# pokus} few {# pokusy} other {# pokusů}} o spojení se zákazníkem; potřeba je alespoň 1.",
  "dialer.ALLOW_ONE_OR_MORE": "Nastavte `{field}` na 1 nebo více.",
};
