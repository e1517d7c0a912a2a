// What React Flow needs from a browser that jsdom lacks (the stubs of React Flow's testing guide),
// for tests and probes that render the canvas: every element measures 1000 × 700 px.
export function installReactFlowEnv() {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  class DOMMatrixStub {
    m22 = 1;
  }
  Object.assign(globalThis, { ResizeObserver: ResizeObserverStub, DOMMatrixReadOnly: DOMMatrixStub });
  HTMLElement.prototype.getBoundingClientRect = () => ({ x: 0, y: 0, left: 0, top: 0, right: 1000, bottom: 700, width: 1000, height: 700, toJSON: () => ({}) });
  Object.defineProperties(HTMLElement.prototype, {
    offsetWidth: { configurable: true, get: () => 1000 },
    offsetHeight: { configurable: true, get: () => 700 },
  });
  Object.assign(SVGElement.prototype, { getBBox: () => ({ x: 0, y: 0, width: 20, height: 12 }) });
  // The overview draws on a <canvas>: nothing to draw on here.
  HTMLCanvasElement.prototype.getContext = () => null;
}
