export const colours = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];

/**
 * Runs step() once per animation frame for 10 s after a 1 s warm-up and logs frames per second as one JSON line, with
 * the time step() itself took per frame (the layout iteration, plus for cytoscape copying positions in): the rest of a
 * frame is the renderer's. extra() adds fields to the line (the worker's iterations).
 */
export function measure(name, firstDrawMs, step, extra = () => ({})) {
  let frames = 0, start = 0, worst = 0, last = 0, stepMs = 0;
  const warmUp = performance.now() + 1000;
  function frame(now) {
    const before = performance.now();
    step();
    if (start) stepMs += performance.now() - before;
    if (now >= warmUp) {
      if (!start) { start = now; last = now; } else { frames++; worst = Math.max(worst, now - last); last = now; }
      if (now - start >= 10_000) {
        console.log('BENCH ' + JSON.stringify({ name, firstDrawMs: Math.round(firstDrawMs), fps: +(frames / ((now - start) / 1000)).toFixed(1), stepMsPerFrame: +(stepMs / Math.max(frames, 1)).toFixed(1), worstFrameMs: Math.round(worst), nodes: 2000, edges: 5000, ...extra() }));
        return;
      }
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}
