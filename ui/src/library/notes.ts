// The version messages the library writes itself (an import, a draft kept before one) in the
// UI's language: the library sends each as data (`VersionInfo.note`) beside its English message.
import type { Translate } from "../lib/i18n";
import type { VersionInfo } from "../store-bindings/VersionInfo";
import type { VersionNote } from "../store-bindings/VersionNote";


export function versionNoteText(t: Translate, note: VersionNote): string {
  switch (note.kind) {
    case "imported":
      return t("versions.note.imported", { file: note.file });
    case "imported_sample":
      return t("versions.note.importedSample", { name: note.name });
    case "kept_before_import":
      return t("versions.note.keptBeforeImport", { file: note.file });
    case "kept_before_restore":
      return t("versions.note.keptBeforeRestore", { version: note.version });
  }
}

/** What a version's line says: the library's own note in the UI's language, else the designer's message. */
export function versionMessage(t: Translate, version: Pick<VersionInfo, "message" | "note">): string {
  return version.note ? versionNoteText(t, version.note) : version.message;
}
