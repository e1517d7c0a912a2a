// The one map of IPC commands: name -> argument and result types. `COMMAND_NAMES` must equal
// the Rust list in `src-tauri/src/command_names.rs` (a Rust test compares them) and the
// capability file grants each of them.
import type { CatalogEntry } from "../../bindings/CatalogEntry";
import type { Flow } from "../../bindings/Flow";
import type { FlowFile } from "../../bindings/FlowFile";
import type { FlowType } from "../../bindings/FlowType";
import type { Analysis } from "../../gen/Analysis";
import type { FlowChanges } from "../../gen/FlowChanges";
import type { OpenedFile } from "../../gen/OpenedFile";
import type { SampleFlow } from "../../gen/SampleFlow";
import type { LibraryStatus } from "../../gen/LibraryStatus";
import type { DocRef } from "../../store-bindings/DocRef";
import type { Draft } from "../../store-bindings/Draft";
import type { DraftSaved } from "../../store-bindings/DraftSaved";
import type { FlowDiff } from "../../store-bindings/FlowDiff";
import type { FlowQuery } from "../../store-bindings/FlowQuery";
import type { FlowSummary } from "../../store-bindings/FlowSummary";
import type { Published } from "../../store-bindings/Published";
import type { Restored } from "../../store-bindings/Restored";
import type { SavedVersion } from "../../store-bindings/SavedVersion";
import type { VersionInfo } from "../../store-bindings/VersionInfo";
import type { CallSetup } from "../../bindings/CallSetup";
import type { SavedBreakpoint } from "../../bindings/SavedBreakpoint";
import type { TestCall as SavedTestCall } from "../../bindings/TestCall";
import type { DebugAction, DebugReply } from "../../debugger/types";
import type { AttemptRow } from "../../engine-bindings/AttemptRow";
import type { CampaignRecord } from "../../bindings/CampaignRecord";
import type { TestRun } from "../../engine-bindings/TestRun";
import type { GeneratedPaths } from "../../engine-bindings/GeneratedPaths";
import type { ExportOutcome } from "../../gen/ExportOutcome";
import type { ExportRequest } from "../../gen/ExportRequest";
import type { PictureFormat } from "../../gen/PictureFormat";
import type { ConnectExport } from "../../gen/ConnectExport";
import type { ConnectImport } from "../../gen/ConnectImport";

export interface Commands {
  catalog: { args: Record<string, never>; result: CatalogEntry[] };
  analyze_flow: { args: { flow: Flow }; result: Analysis };
  analyze_changes: { args: { changes: FlowChanges }; result: Analysis | null };
  new_flow: { args: { id: string; name: string; flowType: FlowType }; result: FlowFile };
  sample_flows: { args: Record<string, never>; result: SampleFlow[] };
  import_flow: { args: Record<string, never>; result: OpenedFile | null };
  export_flow: { args: { file: FlowFile; suggestedName: string }; result: string | null };
  save_flow: { args: { file: FlowFile; path: string }; result: null };
  set_title: { args: { title: string }; result: null };
  timing_mark: { args: { label: string }; result: null };
  library_status: { args: Record<string, never>; result: LibraryStatus };
  library_list: { args: { query: FlowQuery }; result: FlowSummary[] };
  library_create: { args: { name: string; flowType: FlowType }; result: FlowSummary };
  library_rename: { args: { id: string; name: string }; result: FlowSummary };
  library_duplicate: { args: { id: string }; result: FlowSummary };
  library_delete: { args: { id: string }; result: null };
  library_open: { args: { id: string }; result: Draft };
  library_import: { args: Record<string, never>; result: Draft | null };
  library_save_draft: { args: { id: string; file: FlowFile }; result: DraftSaved };
  library_save_version: { args: { id: string; file: FlowFile; message: string }; result: SavedVersion };
  library_versions: { args: { id: string }; result: VersionInfo[] };
  library_open_version: { args: { id: string; number: number }; result: FlowFile };
  library_restore: { args: { id: string; number: number }; result: Restored };
  library_diff: { args: { id: string; from: DocRef; to: DocRef }; result: FlowDiff };
  library_publish: { args: { id: string; number: number | null }; result: Published };
  debug_start: { args: { file: FlowFile; setup: CallSetup; breakpoints: SavedBreakpoint[] }; result: DebugReply };
  debug_act: { args: { action: DebugAction }; result: DebugReply };
  debug_pause: { args: Record<string, never>; result: null };
  debug_stop: { args: Record<string, never>; result: null };
  debug_test_call: { args: { name: string }; result: SavedTestCall };
  run_tests: { args: { file: FlowFile; names: string[] | null }; result: TestRun };
  generate_tests: { args: { file: FlowFile }; result: GeneratedPaths };
  parse_campaign_records: { args: { csv: string }; result: CampaignRecord[] };
  run_campaign: { args: { file: FlowFile; records: CampaignRecord[] }; result: AttemptRow[] };
  export_campaign_csv: { args: { rows: AttemptRow[]; suggestedName: string }; result: string | null };
  export_flows: { args: { request: ExportRequest }; result: ExportOutcome };
  export_flows_to: { args: { folder: string; request: ExportRequest; force: boolean }; result: ExportOutcome };
  flow_svg: { args: { file: FlowFile }; result: string };
  pick_picture_path: { args: { format: PictureFormat; suggestedName: string }; result: string | null };
  /** Raw bytes as the body (`callWithBytes`): a picture is megabytes. */
  save_picture: { args: Uint8Array; headers: { "x-callflow-path": string }; result: string };
  import_connect: { args: Record<string, never>; result: ConnectImport | null };
  export_connect: { args: { file: FlowFile; suggestedName: string }; result: ConnectExport | null };
}

export type CommandName = keyof Commands;
/** Commands whose body is raw bytes, with string headers beside it. */
export type BytesCommandName = { [K in CommandName]: Commands[K]["args"] extends Uint8Array ? K : never }[CommandName];
/** Commands whose arguments are JSON. */
export type JsonCommandName = Exclude<CommandName, BytesCommandName>;

export const COMMAND_NAMES = [
  "catalog",
  "analyze_flow",
  "analyze_changes",
  "new_flow",
  "sample_flows",
  "import_flow",
  "export_flow",
  "save_flow",
  "set_title",
  "timing_mark",
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
  "debug_start",
  "debug_act",
  "debug_pause",
  "debug_stop",
  "debug_test_call",
  "run_tests",
  "generate_tests",
  "parse_campaign_records",
  "run_campaign",
  "export_campaign_csv",
  "export_flows",
  "export_flows_to",
  "flow_svg",
  "pick_picture_path",
  "save_picture",
  "import_connect",
  "export_connect",
] as const satisfies readonly CommandName[];

// Compile-time check that the list names every command of the map.
type Missing = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
export const _everyCommandListed: [Missing] extends [never] ? true : Missing = true;
