// Czech wording of the templates in `crates/check/src/modules.rs` (ICU MessageFormat; the
// arguments as the Rust templates name them).
export const modules: Record<string, string> = {
  "modules.EXITS_ADDED": "{who}: výstupy modulu `{module}` se změnily: modul se nyní vrací také přes {added}.",
  "modules.EXITS_REMOVED": "{who}: výstupy modulu `{module}` se změnily: modul se už nevrací přes {removed}.",
  "modules.EXITS_ADDED_AND_REMOVED": "{who}: výstupy modulu `{module}` se změnily: modul se nyní vrací také přes {added}; přes {removed} se už nevrací.",
  "modules.RELINK_MODULE": "Propojte modul znovu: nastavte `module_exits` na [{exits}] a připojte každý výstup.",
  "modules.LEADS_BACK_HERE": "{who} spouští modul `{module}`, který vede zpět do tohoto toku.",
  "modules.BREAK_THE_CYCLE": "Přerušte cyklus: modul nesmí spouštět tok, který ho spouští.",
  "modules.NO_EXIT_NAME": "{who} neuvádí název výstupu modulu, kterým se vrací.",
  "modules.NAME_THE_EXIT": "Pojmenujte výstup, např. `done`; komponenta „Spustit modul“ v nadřazeném toku dostane výstup s tímto názvem.",
  "modules.NOTHING_TO_RUN": "{who} neurčuje, jaký {what} se má spustit.",
  "modules.CHOOSE_FLOW": "Vyberte {what}.",
  "modules.RUNS_OWN_FLOW": "{who} spouští jako modul svůj vlastní tok `{flow}`.",
  "modules.MOVE_SHARED_PART_OUT": "Tok nesmí spouštět sám sebe; přesuňte společnou část do samostatného modulu.",
  "modules.UNKNOWN_FLOW": "{who} spouští `{flow}`, který mezi známými toky není.",
  "modules.CHECK_FLOW_ID": "Zkontrolujte zadané ID ({what}), nebo zpřístupněte soubor s tímto tokem (`flows` v prostředí).",
  "modules.WRONG_FLOW_TYPE": "{who} spouští `{flow}`, tok typu {flow_type}; musí to být {what} (typ `{type_id}`).",
  "modules.CHOOSE_FLOW_OF_TYPE": "Vyberte tok správného typu: {what}.",
  "modules.MODULE": "modul",
  "modules.QUEUE_FLOW": "znovupoužitelný tok fronty",
};
