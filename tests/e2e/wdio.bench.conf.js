// The app's budgets, measured in the real window (`make bench-app`); figures go to
// tests/e2e/artifacts/bench.json and BENCHMARKS.md ("App").
import { config as base } from "./wdio.conf.js";

export const config = { ...base, specs: ["./bench/**/*.bench.js"], mochaOpts: { ui: "bdd", timeout: 300000 } };
