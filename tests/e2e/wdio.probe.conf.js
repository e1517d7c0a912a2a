// The probes (bench/*.probe.js): measurements that answer one question, run by hand (see the
// comment at the top of each probe and BENCHMARKS.md), never by `make test` or `make bench`.
import { config as base } from "./wdio.conf.js";

// Without the end-to-end suite's painter (beforeTest), as in the bench.
export const config = { ...base, beforeTest: undefined, specs: ["./bench/*.probe.js"], mochaOpts: { ui: "bdd", timeout: 900000 } };
