//! TypeScript bindings of the engine's IPC types, generated with ts-rs into
//! `ui/src/engine-bindings/`: `make engine-bindings` rewrites them; without it the test fails when
//! they are stale. Model types the engine's types mention are imported from `ui/src/bindings/`
//! (see `callflow_model::bindings::BindingsFolder`).

#[cfg(test)]
mod tests {
    use callflow_model::bindings::BindingsFolder;
    use ts_rs::TS;

    #[test]
    fn typescript_bindings_are_up_to_date() {
        let folder = BindingsFolder {
            dir: "ui/src/engine-bindings",
            links: &["ui/src/bindings"],
            regenerate: "make engine-bindings",
        };
        let result = folder.sync(|cfg| {
            crate::trace::RunResult::export_all(cfg)?;
            crate::sim::PendingDecision::export_all(cfg)?;
            crate::sim::Options::export_all(cfg)?;
            crate::debug::DebugView::export_all(cfg)?;
            crate::debug::Breakpoint::export_all(cfg)?;
            crate::debug::StopReason::export_all(cfg)?;
            crate::testing::TestOutcome::export_all(cfg)?;
            crate::testing::Coverage::export_all(cfg)?;
            crate::testing::TestRun::export_all(cfg)?;
            crate::testing::GeneratedPaths::export_all(cfg)?;
            crate::dialer::AttemptRow::export_all(cfg)?;
            crate::dialer::RecordsError::export_all(cfg)
        });
        if let Err(message) = result {
            panic!("{message}");
        }
    }
}
