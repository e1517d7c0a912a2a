// The one list of IPC commands. Shared by build.rs (app manifest / ACL), the handler
// registration test and the check against the UI's typed invoke map
// (`ui/src/lib/ipc/commands.ts`) and the capability file (`capabilities/default.json`).
pub const COMMANDS: &[&str] = &[
    "catalog",
    "analyze_flow",
    "analyze_changes",
    "new_flow",
    "sample_flows",
    "import_flow",
    "export_flow",
    "save_flow",
    "set_title",
    "library_status",
    "library_list",
    "library_create",
    "library_rename",
    "library_duplicate",
    "library_delete",
    "library_open",
    "library_import",
    "library_save_draft",
    "library_save_version",
    "library_versions",
    "library_open_version",
    "library_restore",
    "library_diff",
    "library_publish",
];
