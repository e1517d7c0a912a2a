// Encodes the flow's picture as PNG off the page's thread: WebKit's `canvas.toBlob` encodes on
// it, and for the 1,000-component flow (16,000 × 3,672 px) the window did not respond for 2.6 s.
// The pixels arrive as an ImageBitmap (transferred, not copied) and go back as the PNG's bytes.
self.onmessage = async (event: MessageEvent<ImageBitmap>) => {
  const bitmap = event.data;
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("bitmaprenderer");
    if (!context) throw new Error("no bitmap canvas in the worker");
    context.transferFromImageBitmap(bitmap);
    const bytes = await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer();
    self.postMessage({ bytes }, { transfer: [bytes] });
  } catch (err) {
    bitmap.close();
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
