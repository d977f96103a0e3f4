// Poll-cycle benchmark (first part; DESIGN section 11). Drives the real, compiled ingest code
// (FhirReader, WardDiscoveryService, WardFetchService) against the embedded simulator over HTTP and
// reports, per trust size: cycle time for all wards (4 wards at a time, as the worker runs them),
// FHIR requests per ward, and how requests change when beds per ward change (they must not).
// Run with `npm run bench` after `npm run build`. Figures are medians of several cycles in one run.
import 'reflect-metadata';
import { FhirReader } from '../../server/dist/fhir/fhir-reader.adapter.js';
import { WardDiscoveryService } from '../../server/dist/ingest/ward-discovery.service.js';
import { WardFetchService } from '../../server/dist/ingest/ward-fetch.service.js';
import { startSimulator } from '../../server/dist/simulator/simulator.js';

const CONCURRENCY = 4;
const CYCLES = 5;

async function pool(items, limit, task) {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    while (queue.length > 0) await task(queue.shift());
  }));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label, options) {
  const simulator = await startSimulator({ seed: 11, ...options });
  const reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 30_000 });
  const wards = await new WardDiscoveryService(reader).discover();
  const fetcher = new WardFetchService(reader, Date.now);
  const times = [];
  let requests = 0;
  let beds = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const before = simulator.requestCount();
    const started = performance.now();
    let cycleBeds = 0;
    await pool(wards, CONCURRENCY, async (ward) => {
      const snapshot = await fetcher.fetchSnapshot(ward);
      cycleBeds += snapshot.beds.length;
    });
    times.push(performance.now() - started);
    requests = simulator.requestCount() - before;
    beds = cycleBeds;
  }
  await simulator.close();
  const row = {
    trust: label,
    wards: wards.length,
    beds,
    'cycle ms (median)': Math.round(median(times)),
    'ms per ward': +(median(times) / wards.length).toFixed(1),
    'requests per ward': +(requests / wards.length).toFixed(2),
  };
  return row;
}

const rows = [];
rows.push(await measure('demo trust', {}));
rows.push(await measure('30 wards x 10 beds', { wards: 30, bedsPerWard: [10, 10] }));
rows.push(await measure('30 wards x 30 beds', { wards: 30, bedsPerWard: [30, 30] }));
rows.push(await measure('30 wards x 60 beds', { wards: 30, bedsPerWard: [60, 60] }));
console.table(rows);
const [, small, , large] = rows;
console.log(`requests per ward, 60 beds / 10 beds: ${(large['requests per ward'] / small['requests per ward'] || 0).toFixed(2)} (target: flat, 1.00 plus paging)`);
console.log(`cycle time per ward, 60 beds / 10 beds: ${(large['ms per ward'] / small['ms per ward']).toFixed(2)}`);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
