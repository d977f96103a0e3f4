// Poll-cycle benchmark (docs/design.md section 11). Drives the real, compiled ingest code (FhirReader,
// WardDiscoveryService, WardFetchService) against the FHIR simulator over HTTP, 4 wards at a
// time as the worker runs them, and reports ratios measured in this one run:
//   - FHIR requests per ward, and how they change with beds per ward (target: flat);
//   - cycle time / time to merely download the same requests with plain fetch (target <= 1.2);
//   - T(200 wards) / T(20 wards) (target <= 11);
//   - a changes-only cycle (`_lastUpdated`) after the trust has moved on one step: requests and
//     resources per ward, and its time as a fraction of a full cycle;
//   - peak RSS while the ingest cycles run, sampled every 20 ms from a collected heap (run with
//     --expose-gc), so the plain-download baseline's garbage is not counted (the ingest alone: the simulator runs in a child process, as a trust's
//     FHIR server would run elsewhere, so the two do not compete for one core and one heap).
// Run with `npm run bench`. Each figure is the median of several cycles.
import 'reflect-metadata';
import { loadConfig } from '../../server/dist/config/app-config.js';
import { FhirReader } from '../../server/dist/fhir/fhir-reader.adapter.js';
import { WardDiscoveryService } from '../../server/dist/ingest/ward-discovery.service.js';
import { WardFetchService } from '../../server/dist/ingest/ward-fetch.service.js';
import { RequestPlanService } from '../../server/dist/ingest/request-plan.service.js';
import { startSimulatorProcess } from './fork-simulator.mjs';

const CONCURRENCY = 4;
const CYCLES = 5;
const plainFetch = globalThis.fetch;

/** Records every request the ingest makes (fhir-kit-client calls the global fetch with a Request). */
let recording = null;
globalThis.fetch = async (input, init) => {
  if (recording !== null) {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.method === 'POST' ? await request.clone().text() : undefined;
    recording.push({ url: request.url, method: request.method, body, headers: Object.fromEntries(request.headers) });
  }
  return plainFetch(input, init);
};

async function pool(items, limit, task) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (queue.length > 0) await task(queue.shift());
    }),
  );
}

let peakIngestRss = 0;
const sampleRss = () => {
  peakIngestRss = Math.max(peakIngestRss, process.memoryUsage().rss);
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label, options) {
  const simulator = await startSimulatorProcess({ seed: 11, ...options });
  const reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 30_000 });
  const wards = await new WardDiscoveryService(reader).discover();
  // No clock-skew allowance: the simulator shares this machine's clock, and the whole trust was
  // written moments ago, so any allowance would make a changes-only read fetch everything.
  const config = loadConfig(
    { WARDFLOW_DEMO: 'true', FHIR_BASE_URL: simulator.baseUrl, FHIR_CLOCK_SKEW: '0ms' },
    { clientDistDir: null },
  );
  const fetcher = new WardFetchService(reader, Date.now, config, new RequestPlanService(reader, Date.now, config));

  // One recorded cycle gives the exact requests, grouped per ward, for the plain-fetch baseline.
  const perWard = new Map();
  for (const ward of wards) {
    recording = [];
    await fetcher.fetchSnapshot(ward, { forceFull: true });
    perWard.set(ward.id, recording);
  }
  recording = null;

  const cycleTimes = [];
  const downloadTimes = [];
  let requests = 0;
  let beds = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const before = await simulator.requestCount();
    globalThis.gc?.();
    const sampler = setInterval(sampleRss, 20);
    let started = performance.now();
    let cycleBeds = 0;
    await pool(wards, CONCURRENCY, async (ward) => {
      // Await first, then add: `x += await y` would read x before the await and lose concurrent updates.
      const { snapshot } = await fetcher.fetchSnapshot(ward, { forceFull: true });
      cycleBeds += snapshot.beds.length;
    });
    cycleTimes.push(performance.now() - started);
    clearInterval(sampler);
    sampleRss();
    requests = (await simulator.requestCount()) - before;
    beds = cycleBeds;

    // The same requests, in the same order per ward and the same concurrency, bodies read as text and nothing else.
    started = performance.now();
    await pool(wards, CONCURRENCY, async (ward) => {
      for (const r of perWard.get(ward.id)) {
        const response = await plainFetch(r.url, { method: r.method, headers: r.headers, body: r.body });
        await response.text();
      }
    });
    downloadTimes.push(performance.now() - started);
  }
  // The trust moves on one step; then one changes-only cycle, against the full cycles above.
  await simulator.evolve();
  const beforeChanges = await simulator.requestCount();
  let changedResources = 0;
  let fullResources = 0;
  const changesStarted = performance.now();
  await pool(wards, CONCURRENCY, async (ward) => {
    const { read } = await fetcher.fetchSnapshot(ward);
    // A minimal server has no _lastUpdated: every read is a full one, and this cycle shows what that costs.
    const expected = options.mode === 'minimal' ? 'full' : 'changes';
    if (read.kind !== expected) throw new Error(`expected a ${expected} read of ${ward.id}, got ${read.kind}`);
    changedResources += read.resources;
  });
  const changesTime = performance.now() - changesStarted;
  const changesRequests = (await simulator.requestCount()) - beforeChanges;
  for (const ward of wards) {
    const { read } = await fetcher.fetchSnapshot(ward, { forceFull: true });
    fullResources += read.resources;
  }
  await simulator.close();
  const cycle = median(cycleTimes);
  const download = median(downloadTimes);
  return {
    trust: label,
    wards: wards.length,
    beds,
    'cycle ms': Math.round(cycle),
    'download ms': Math.round(download),
    'cycle / download': +(cycle / download).toFixed(2),
    'requests per ward': +(requests / wards.length).toFixed(2),
    'changes: requests per ward': +(changesRequests / wards.length).toFixed(2),
    'changes: resources / full': +(changedResources / fullResources).toFixed(2),
    'changes: time / full': +(changesTime / cycle).toFixed(2),
  };
}

const rows = [];
rows.push(await measure('demo trust', {}));
rows.push(await measure('30 wards x 10 beds', { wards: 30, bedsPerWard: [10, 10] }));
rows.push(await measure('30 wards x 30 beds (900)', { wards: 30, bedsPerWard: [30, 30] }));
rows.push(await measure('30 wards x 60 beds', { wards: 30, bedsPerWard: [60, 60] }));
rows.push(await measure('20 wards x 30 beds', { wards: 20, bedsPerWard: [30, 30] }));
rows.push(await measure('200 wards x 30 beds', { wards: 200, bedsPerWard: [30, 30] }));
// Real trusts' shapes: beds under bays and side rooms with readings naming only the patient, and a
// minimal server (GET only, no _revinclude, no _lastUpdated) with a mix of shapes.
const shaped = { shapes: { bedLayout: 'bays', readingLinks: 'patient' } };
const minimal = { mode: 'minimal', shapes: { bedLayout: 'mixed', readingLinks: 'mixed' } };
rows.push(await measure('30 wards x 10 beds, bays', { wards: 30, bedsPerWard: [10, 10], ...shaped }));
rows.push(await measure('30 wards x 60 beds, bays', { wards: 30, bedsPerWard: [60, 60], ...shaped }));
rows.push(await measure('30 wards x 10 beds, minimal', { wards: 30, bedsPerWard: [10, 10], ...minimal }));
rows.push(await measure('30 wards x 30 beds, minimal', { wards: 30, bedsPerWard: [30, 30], ...minimal }));
rows.push(await measure('30 wards x 60 beds, minimal', { wards: 30, bedsPerWard: [60, 60], ...minimal }));
console.table(rows);
const byLabel = Object.fromEntries(rows.map((r) => [r.trust, r]));
const ratio = (a, b) => (a / b).toFixed(2);
console.log(
  `requests per ward, 60 beds / 10 beds:       ${ratio(byLabel['30 wards x 60 beds']['requests per ward'], byLabel['30 wards x 10 beds']['requests per ward'])}  (target: flat; above 1 only by paging)`,
);
console.log(
  `  with bays and patient-only readings:       ${ratio(byLabel['30 wards x 60 beds, bays']['requests per ward'], byLabel['30 wards x 10 beds, bays']['requests per ward'])}  (${byLabel['30 wards x 10 beds, bays']['requests per ward']} and ${byLabel['30 wards x 60 beds, bays']['requests per ward']} requests per ward)`,
);
console.log(
  `  on a minimal server (GET, no _revinclude): ${ratio(byLabel['30 wards x 30 beds, minimal']['requests per ward'], byLabel['30 wards x 10 beds, minimal']['requests per ward'])} at 30 beds, ${ratio(byLabel['30 wards x 60 beds, minimal']['requests per ward'], byLabel['30 wards x 10 beds, minimal']['requests per ward'])} at 60  (${byLabel['30 wards x 10 beds, minimal']['requests per ward']}, ${byLabel['30 wards x 30 beds, minimal']['requests per ward']} and ${byLabel['30 wards x 60 beds, minimal']['requests per ward']} requests per ward: id lists past 2,000-character URLs split)`,
);
console.log(
  `cycle / plain download, 30 wards x 30 beds: ${byLabel['30 wards x 30 beds (900)']['cycle / download']}  (target <= 1.2)`,
);
console.log(
  `T(200 wards) / T(20 wards):                 ${ratio(byLabel['200 wards x 30 beds']['cycle ms'], byLabel['20 wards x 30 beds']['cycle ms'])}  (target <= 11)`,
);
console.log(
  `  the same for the plain download alone:     ${ratio(byLabel['200 wards x 30 beds']['download ms'], byLabel['20 wards x 30 beds']['download ms'])}  (what the FHIR server itself costs as it grows)`,
);
console.log(
  `changes-only cycle, 30 wards x 30 beds: ${byLabel['30 wards x 30 beds (900)']['changes: requests per ward']} requests per ward, ${byLabel['30 wards x 30 beds (900)']['changes: resources / full']} of a full read's resources, ${byLabel['30 wards x 30 beds (900)']['changes: time / full']} of its time`,
);
console.log(
  `peak RSS during ingest cycles (200 wards' read state held): ${Math.round(peakIngestRss / 1048576)} MB  (target <= 400)`,
);
console.log(
  `peak RSS of the whole bench process, plain-download baseline included: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
