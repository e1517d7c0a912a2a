// Timing marks for the app benchmarks (tests/e2e/bench): a bench sets `globalThis.__callflowMarks`
// to an array and reads back [label, ms] pairs to see where a user action's time goes. Off (one
// property read) otherwise.
type Marks = Array<[string, number]>;

export function mark(label: string) {
  const marks = (globalThis as { __callflowMarks?: Marks }).__callflowMarks;
  if (marks) marks.push([label, performance.now()]);
}
