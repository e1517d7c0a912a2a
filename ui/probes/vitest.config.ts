// Probes of the UI's cost in Node (jsdom): not tests, not part of `make test`. Run one with
//   npx vitest run --config probes/vitest.config.ts
// REACT=production runs React's production build (the app's), REACT=development its checks too.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const production = process.env.REACT !== "development";

export default defineConfig({
  plugins: [react()],
  // The production JSX runtime goes with React's production build.
  esbuild: { jsxDev: !production },
  test: {
    environment: "jsdom",
    include: ["probes/**/*.probe.tsx"],
    pool: "forks",
    testTimeout: 600_000,
    // React picks its build from NODE_ENV when it is loaded.
    env: { NODE_ENV: production ? "production" : "test" },
  },
});
