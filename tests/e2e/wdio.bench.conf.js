// The app's budgets, measured in the real window (`make bench-app`); figures go to
// tests/e2e/artifacts/bench.json and BENCHMARKS.md ("App").
import { config as base } from "./wdio.conf.js";

// Without the end-to-end suite's painter (beforeTest): it would be part of every frame measured.
export const config = { ...base, beforeTest: undefined, specs: ["./bench/**/*.bench.js"], mochaOpts: { ui: "bdd", timeout: 300000 } };
