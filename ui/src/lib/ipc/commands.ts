// The one map of IPC commands: name -> argument and result types. `COMMAND_NAMES` must equal
// the Rust list in `src-tauri/src/command_names.rs` (a Rust test compares them) and the
// capability file grants each of them.
import type { CatalogEntry } from "../../bindings/CatalogEntry";
import type { Flow } from "../../bindings/Flow";
import type { FlowFile } from "../../bindings/FlowFile";
import type { FlowType } from "../../bindings/FlowType";
import type { Analysis } from "../../gen/Analysis";
import type { OpenedFile } from "../../gen/OpenedFile";
import type { SampleFlow } from "../../gen/SampleFlow";

export interface Commands {
  catalog: { args: Record<string, never>; result: CatalogEntry[] };
  analyze_flow: { args: { flow: Flow }; result: Analysis };
  new_flow: { args: { id: string; name: string; flowType: FlowType }; result: FlowFile };
  sample_flows: { args: Record<string, never>; result: SampleFlow[] };
  import_flow: { args: Record<string, never>; result: OpenedFile | null };
  export_flow: { args: { file: FlowFile; suggestedName: string }; result: string | null };
  save_flow: { args: { file: FlowFile; path: string }; result: null };
  set_title: { args: { title: string }; result: null };
}

export type CommandName = keyof Commands;

export const COMMAND_NAMES = [
  "catalog",
  "analyze_flow",
  "new_flow",
  "sample_flows",
  "import_flow",
  "export_flow",
  "save_flow",
  "set_title",
] as const satisfies readonly CommandName[];

// Compile-time check that the list names every command of the map.
type Missing = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
export const _everyCommandListed: [Missing] extends [never] ? true : Missing = true;
