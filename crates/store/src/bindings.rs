//! TypeScript bindings of the library's data for the UI, generated with ts-rs into
//! `ui/src/store-bindings/`. Model types the library's data refers to (`FlowFile`, ...) are
//! imported from `ui/src/bindings/` (see `callflow_model::bindings::BindingsFolder`).
//!
//! Generated, never edited by hand: `make bindings-store` rewrites the folder; without it the
//! test fails when a file is stale, missing or left over.

#[cfg(test)]
mod tests {
    use callflow_model::bindings::BindingsFolder;
    use ts_rs::TS;

    use crate::*;

    #[test]
    fn typescript_bindings_are_up_to_date() {
        let folder = BindingsFolder {
            dir: "ui/src/store-bindings",
            links: &["ui/src/bindings"],
            regenerate: "make bindings-store",
        };
        let result = folder.sync(|cfg| {
            FlowSummary::export_all(cfg)?;
            VersionInfo::export_all(cfg)?;
            VersionNote::export_all(cfg)?;
            Draft::export_all(cfg)?;
            DraftSaved::export_all(cfg)?;
            SavedVersion::export_all(cfg)?;
            Restored::export_all(cfg)?;
            Published::export_all(cfg)?;
            FlowQuery::export_all(cfg)?;
            ImportReport::export_all(cfg)?;
            ExportedFlow::export_all(cfg)?;
            RunInfo::export_all(cfg)?;
            DatabaseCheck::export_all(cfg)?;
            FlowDiff::export_all(cfg)?;
            ErrorReport::export_all(cfg)
        });
        if let Err(message) = result {
            panic!("{message}");
        }
    }
}
