import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./app.css";
import { App } from "./App";
import { useStore } from "./store/store";

// For diagnosing the end-to-end tests from WebDriver (read-only use).
(globalThis as { __callflow?: unknown }).__callflow = { state: () => useStore.getState() };

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
