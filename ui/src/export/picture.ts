// The picture of the whole flow. The SVG is drawn in Rust from the document and its layout
// (callflow-export::svg): the canvas renders only the boxes near the view once a flow is large,
// so capturing the DOM (html-to-image, as React Flow's download example does) would miss most of
// a big flow. PNG: that SVG rasterised here (WebKit draws its text) and encoded in a worker. Either
// is sent as raw bytes for Rust to write where the user chose before the drawing started.
import type { FlowFile } from "../bindings/FlowFile";
import { call, callWithBytes } from "../lib/ipc/invoke";

/** Browsers refuse canvases much above 16k pixels a side (and 268M pixels in all). */
const MAX_SIDE = 16000;

export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const match = /viewBox="([-\d.e]+) ([-\d.e]+) ([\d.e]+) ([\d.e]+)"/.exec(svg);
  const width = match ? Number(match[3]) : 800;
  const height = match ? Number(match[4]) : 600;
  const factor = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height);
  // A data: URL: the app's content security policy allows images from 'self' and data: only.
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error("the SVG of the flow could not be drawn"));
    image.src = url;
  });
  const w = Math.max(1, Math.round(width * factor));
  const h = Math.max(1, Math.round(height * factor));
  // Drawn here (an SVG image needs the page), encoded in a worker (png.worker.ts) where there is
  // one: the pixels are handed over, not copied (a large flow's picture is hundreds of MB of them).
  const offscreen = typeof OffscreenCanvas !== "undefined" && typeof Worker !== "undefined";
  const canvas = offscreen ? new OffscreenCanvas(w, h) : Object.assign(document.createElement("canvas"), { width: w, height: h });
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2D canvas");
  context.drawImage(image, 0, 0, w, h);
  if ("transferToImageBitmap" in canvas) return encodeInWorker(canvas.transferToImageBitmap());
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("the PNG could not be encoded");
  return new Uint8Array(await blob.arrayBuffer());
}

function encodeInWorker(bitmap: ImageBitmap): Promise<Uint8Array> {
  const worker = new Worker(new URL("./png.worker.ts", import.meta.url), { type: "module" });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ bytes?: ArrayBuffer; error?: string }>) => {
      if (event.data.bytes) resolve(new Uint8Array(event.data.bytes));
      else reject(new Error(`the PNG could not be encoded: ${event.data.error ?? "no reason given"}`));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`the PNG could not be encoded: ${event.message || "the worker failed"}`));
    };
    worker.postMessage(bitmap, [bitmap]);
  }).finally(() => worker.terminate());
}

/** Asks where to save the picture, then draws it (`drawing` is told when the drawing starts:
 * a large flow's PNG takes seconds) and writes it; the path, or null when cancelled. */
export async function savePicture(file: FlowFile, format: "svg" | "png", drawing: () => void = () => {}): Promise<string | null> {
  const suggestedName = `${file.flow.id || "flow"}.${format}`;
  const path = await call("pick_picture_path", { format, suggestedName });
  if (path === null) return null;
  drawing();
  // Let the page show that it is drawing before the work blocks it.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const svg = await call("flow_svg", { file });
  const bytes = format === "svg" ? new TextEncoder().encode(svg) : await svgToPng(svg);
  return callWithBytes("save_picture", bytes, { "x-callflow-path": encodeURIComponent(path) });
}
