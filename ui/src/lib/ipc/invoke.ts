import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "../../gen/AppError";
import type { BytesCommandName, Commands, CommandName, JsonCommandName } from "./commands";

/** A failed command, with the typed error the Rust side returned. */
export class CommandError extends Error {
  constructor(
    readonly command: CommandName,
    readonly error: AppError,
  ) {
    super(describeError(error));
  }
}

export function describeError(error: AppError): string {
  switch (error.type) {
    case "read": {
      const e = error.error;
      const pos = e.position ? `:${e.position.line}:${e.position.column}` : "";
      const path = e.json_path ? ` (at ${e.json_path})` : "";
      return `${e.file}${pos}: ${e.message}${path}`;
    }
    case "store":
      return error.report.message;
    default:
      // Every other kind carries the English message the Rust side wrote.
      return error.message;
  }
}

function toAppError(raw: unknown): AppError {
  if (raw && typeof raw === "object" && "type" in raw) return raw as AppError;
  return { type: "invalid", message: typeof raw === "string" ? raw : JSON.stringify(raw) };
}

/** Calls a Rust command with its typed arguments; rejects with a `CommandError`. */
export async function call<K extends JsonCommandName>(
  command: K,
  ...args: Commands[K]["args"] extends Record<string, never> ? [] : [Commands[K]["args"]]
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args[0] ?? {});
  } catch (raw) {
    throw new CommandError(command, toAppError(raw));
  }
}

/** Calls a Rust command that takes raw bytes as its body (`tauri::ipc::Request`), with its
 * headers: a JSON array of numbers would cost seconds for megabytes. */
export async function callWithBytes<K extends BytesCommandName>(
  command: K,
  body: Uint8Array,
  headers: Commands[K] extends { headers: infer H } ? H : never,
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, body, { headers: headers as Record<string, string> });
  } catch (raw) {
    throw new CommandError(command, toAppError(raw));
  }
}
