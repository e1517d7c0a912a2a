// Czech wording of the templates in `crates/check/src/source.rs` (ICU MessageFormat; the
// arguments as the Rust templates name them).
export const source: Record<string, string> = {
  "source.REPEATED_KEY": "`{path}` je ve svém objektu víckrát; ponechá se jen poslední výskyt.",
  "source.KEEP_ONE_ENTRY_PER_KEY": "Ponechte pro každý klíč jedinou položku (u alternativních kláves jedno přiřazení na klávesu).",
  "source.TOO_MANY_BINDINGS": "`{path}` přiřazuje {count, plural, one {# klávesu} few {# klávesy} other {# kláves}}; klávesnice jich má 12.",
};
