// Probes of the UI's cost in Node (jsdom): not tests, not part of `make test`. Run one with
//   NODE_ENV=production npx vitest run --config probes/vitest.config.ts
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  test: { environment: "jsdom", include: ["probes/**/*.probe.tsx"], pool: "forks", testTimeout: 600_000 },
});
