// `npm run lint` step: the direction of dependency (docs/style.md rule 1), checked on the source.
//  1. No import cycle in any package, type-only imports included (dpdm without -T).
//  2. Folder boundaries inside packages, which eslint's per-package rules cannot see:
//     - shared: the domain never imports the FHIR mappers (shared/src/fhir maps FHIR into the domain);
//     - server: folders form no cycle; core/ imports no other folder; config/ only core/; the adapters
//       (store, redis, mail, fhir, http) only core/ and config/; no feature imports realtime/ (they
//       announce through the BoardEvents port in core/); production code never imports testing/ or the
//       FHIR simulator;
//     - simulator: imports nothing of the server or the client.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const problems = [];

const entries = [
  'shared/src/index.ts',
  'simulator/src/index.ts',
  'simulator/src/cli.ts',
  'server/src/main.ts',
  'client/src/main.tsx',
];
const cycles = spawnSync('npx', ['dpdm', '--no-tree', '--no-warning', '--exit-code', 'circular:1', ...entries], {
  encoding: 'utf8',
});
if (cycles.status !== 0)
  problems.push(`Import cycles (type-only imports count too):\n${cycles.stdout}${cycles.stderr}`);

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}
const isTest = (file) => /\.(test|spec)\.tsx?$|\.testing\.ts$|\.builders\.ts$|\/testing\//.test(file);
/** The folder under `base` a relative import lands in ('' for the package root). */
function folderOf(base, file, specifier) {
  const target = relative(base, resolve(dirname(file), specifier));
  return target.includes('/') ? target.split('/')[0] : '';
}

// shared: the domain does not depend on the FHIR mappers.
for (const file of sourceFiles('shared/src')) {
  const from = relative('shared/src', file);
  if (from.startsWith('fhir/') || from === 'index.ts' || isTest(file)) continue;
  for (const spec of importsOf(file)) {
    if (spec.startsWith('.') && folderOf('shared/src', file, spec) === 'fhir')
      problems.push(
        `${file} imports ${spec}: domain code must not depend on shared/src/fhir (declare the type in the domain; fhir/ maps into it)`,
      );
  }
}

// server: a folder graph without cycles, and the layers.
const ADAPTERS = new Set(['store', 'redis', 'mail', 'fhir', 'http']);
const allowedFor = (folder) =>
  folder === 'core'
    ? new Set()
    : folder === 'config'
      ? new Set(['core'])
      : ADAPTERS.has(folder)
        ? new Set(['core', 'config'])
        : null;
const graph = new Map();
for (const file of sourceFiles('server/src')) {
  if (isTest(file)) continue;
  const folder = relative('server/src', file).includes('/') ? relative('server/src', file).split('/')[0] : '';
  for (const spec of importsOf(file)) {
    if (spec === '@wardflow/fhir-simulator')
      problems.push(
        `${file} imports the FHIR simulator: the server reads a FHIR server over HTTP, never the simulator's code`,
      );
    if (!spec.startsWith('.')) continue;
    const target = folderOf('server/src', file, spec);
    if (target === 'testing') problems.push(`${file} imports ${spec}: testing/ is for tests only`);
    if (target === folder || target === '' || folder === '') continue;
    const allowed = allowedFor(folder);
    if (allowed !== null && !allowed.has(target))
      problems.push(
        `${file} imports ${spec}: ${folder}/ may import only ${[...allowed].join(', ') || 'nothing of the server'}`,
      );
    if (target === 'realtime')
      problems.push(
        `${file} imports ${spec}: features announce changes through the BoardEvents port (core/board-events.port.ts), never realtime/`,
      );
    if (!graph.has(folder)) graph.set(folder, new Set());
    graph.get(folder).add(target);
  }
}
// Tarjan's strongly connected components: any component of more than one folder is a cycle.
let index = 0;
const stack = [];
const meta = new Map();
function connect(v) {
  meta.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) {
      connect(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
  }
  if (meta.get(v).low === meta.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1)
      problems.push(`server folders import each other in a cycle: ${component.sort().join(', ')}`);
  }
}
for (const v of graph.keys()) if (!meta.has(v)) connect(v);

// simulator: a stand-in for a trust's FHIR server, sharing nothing with the server or the client.
for (const file of sourceFiles('simulator/src')) {
  for (const spec of importsOf(file)) {
    if (/^@wardflow\/(server|client)/.test(spec) || /\/(server|client)\//.test(spec))
      problems.push(`${file} imports ${spec}: the simulator shares no code with the server or the client`);
  }
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n\nDependency boundaries broken (see above).\n`);
  process.exit(1);
}
process.stdout.write('No import cycles (type-only included); folder boundaries hold.\n');
