// Czech wording of the templates in `crates/check/src/lib.rs` (ICU MessageFormat; the arguments
// as the Rust templates name them).
export const check: Record<string, string> = {
  "check.BAD_CONFIG": "{who}: nastavení je neplatné v `{path}`: {error}",
  "check.FIX_CONFIG": "Opravte nastavení komponenty {kind}; pole a jejich typy popisuje položka `{kind_id}` v `callflow catalog`.",
};
