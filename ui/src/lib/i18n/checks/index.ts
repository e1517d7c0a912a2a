// The checks' templates in Czech, one file per Rust rule module (`crates/check/src/<module>.rs`),
// keyed by template id (`handling.KEYS_NOT_SUPPORTED`).
import { callbacks } from "./callbacks";
import { check } from "./check";
import { dialer } from "./dialer";
import { expressions } from "./expressions";
import { handling } from "./handling";
import { modules } from "./modules";
import { phone } from "./phone";
import { postCall } from "./post_call";
import { schedule } from "./schedule";
import { settings } from "./settings";
import { source } from "./source";
import { structure } from "./structure";

export const csChecks: Record<string, string> = {
  ...check,
  ...structure,
  ...handling,
  ...settings,
  ...expressions,
  ...phone,
  ...schedule,
  ...postCall,
  ...callbacks,
  ...modules,
  ...dialer,
  ...source,
};
