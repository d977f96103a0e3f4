// Client render-cost benchmark (docs/design.md section 11): "a 40-bed ward board and a 30 x 10 heat map
// render in <= 50 ms after an update; no memory growth over 1,000 updates".
//
// The built client runs in Chromium at 1920x1080 against a fake Wardflow server (node:http + a real
// Socket.IO server speaking the shared contract) that pushes synthetic updates from fixed seeds; see
// render-harness.mjs for how the data is made and how a render is timed (WebSocket message arrival
// -> end of the frame that shows it, measured inside the page). Per view:
//   - updates 1-100 warm up (JIT, React, fonts); memory is sampled after update 100 (forced GC);
//   - updates 101-300 are timed: median, p95 and max against the 50 ms target;
//   - updates up to 1,000 run on; memory is sampled again half way and after update 1,000, each time
//     with the screen of update 100 sent again first, so like is compared with like.
// A missed target is printed as MISSED; the process exits non-zero only when the bench itself fails.
// Run with `npm run bench:render` (or `npm run bench`, after the poll-cycle bench). The counts can be
// lowered for a quick look: RENDER_BENCH_UPDATES=300 RENDER_BENCH_TIMED=100.
import { cpus, loadavg } from 'node:os';
import { MEMORY_RULE, launchBrowser, memoryVerdict, runView, startRenderServer, summarise } from './render-harness.mjs';

const TARGET_MS = 50;
const WARM_UP = 100;
const TIMED = Number(process.env.RENDER_BENCH_TIMED ?? 200);
const TOTAL = Number(process.env.RENDER_BENCH_UPDATES ?? 1000);
if (!(TOTAL >= WARM_UP + TIMED))
  throw new Error(`RENDER_BENCH_UPDATES (${TOTAL}) must be at least ${WARM_UP} + RENDER_BENCH_TIMED (${TIMED})`);

const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const mb = (bytes) => (bytes / 1048576).toFixed(2);
const signedMb = (bytes) => `${bytes >= 0 ? '+' : ''}${mb(bytes)} MB`;
const pct = (from, to) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%`;

async function main() {
  const server = await startRenderServer();
  const browser = await launchBrowser();
  console.log(
    `render bench: Chromium ${browser.version()}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  per view: ${WARM_UP} warm-up updates, ${TIMED} timed, ${TOTAL} in all; next update only once the last is on screen`,
  );
  const results = [];
  try {
    for (const view of ['board', 'heatmap']) {
      const started = performance.now();
      const result = await runView(browser, server, view, {
        total: TOTAL,
        timedFrom: WARM_UP + 1,
        timed: TIMED,
        // A middle sample tells a leak (growth as fast in the second half) from warm-up (growth tailing off).
        memoryAt: [WARM_UP, Math.round((WARM_UP + TOTAL) / 2), TOTAL],
        onProgress: (n) => {
          if (n % 100 === 0) process.stderr.write(`  ${view}: ${n}/${TOTAL} updates\r`);
        },
      });
      process.stderr.write('\n');
      console.log(`  ${result.title}: ${TOTAL} updates in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      results.push(result);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  console.log(
    '\nRender after an update: WebSocket message arrival -> end of the frame that shows it (ms, inside the page)',
  );
  console.table(
    results.map((r) => {
      const paint = summarise(r.samples, 'paint');
      const commit = summarise(r.samples, 'commit');
      const over = r.samples.filter((s) => s.paint > TARGET_MS).length;
      return {
        view: r.title,
        timed: paint.n,
        'message KB': Math.round(r.samples.reduce((sum, s) => sum + s.bytes, 0) / r.samples.length / 1024),
        median: ms(paint.median),
        p95: ms(paint.p95),
        max: ms(paint.max),
        target: `<= ${TARGET_MS}`,
        result:
          paint.median <= TARGET_MS && paint.p95 <= TARGET_MS
            ? 'met (median and p95)'
            : paint.median <= TARGET_MS
              ? 'MISSED at p95'
              : 'MISSED',
        [`over ${TARGET_MS} ms`]: `${over} of ${paint.n}`,
        'DOM updated: median': ms(commit.median),
        'DOM updated: p95': ms(commit.p95),
        'frame work: median': ms(summarise(r.samples, 'frameWork').median),
      };
    }),
  );
  console.log(
    '  "DOM updated" is arrival -> the DOM showing the new values (socket decode, feed, React render and commit,',
  );
  console.log(
    '  FittedCard re-measuring); "frame work" is that frame from requestAnimationFrame to its end (style, layout, paint);',
  );
  console.log('  the rest of the total is waiting for the frame to begin.');

  console.log(`\nMemory over ${TOTAL} updates (after a forced GC; flat when ${MEMORY_RULE})`);
  console.table(
    results.map((r) => {
      const [first, middle, last] = r.memory;
      const v = memoryVerdict(first, last);
      const perUpdate = (a, b) => Math.round((b.heapUsed - a.heapUsed) / (b.after - a.after));
      return {
        view: r.title,
        [`heap after ${first.after}`]: `${mb(first.heapUsed)} MB`,
        [`heap after ${last.after}`]: `${mb(last.heapUsed)} MB`,
        growth: `${signedMb(v.heapGrowth)} (${pct(first.heapUsed, last.heapUsed)})`,
        'per update, 1st / 2nd half': `${perUpdate(first, middle)} B / ${perUpdate(middle, last)} B`,
        'DOM nodes': `${first.nodes} -> ${last.nodes}`,
        'JS listeners': `${first.listeners} -> ${last.listeners}`,
        target: 'no growth',
        result: v.flat
          ? 'met (flat)'
          : `MISSED (${[!v.heapFlat && 'heap', !v.nodesFlat && 'nodes', !v.listenersFlat && 'listeners'].filter(Boolean).join(', ')})`,
      };
    }),
  );

  for (const r of results) {
    if (r.missingArrivals > 0)
      console.log(
        `note: ${r.title}: ${r.missingArrivals} timed updates arrived other than over the WebSocket and were not timed`,
      );
    if (r.consoleErrors.length > 0)
      console.log(
        `note: ${r.title}: the page logged ${r.consoleErrors.length} errors, the first: ${r.consoleErrors[0]}`,
      );
  }
}

try {
  await main();
} catch (error) {
  console.error('render bench failed:', error);
  process.exitCode = 1;
}
