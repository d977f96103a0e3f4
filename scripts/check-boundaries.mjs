// Fails on circular imports inside any package (docs/style.md rule 1). The direction between packages is enforced
// by the lint rules in eslint.config.js; this catches cycles within a package, which lint cannot.
import { spawnSync } from 'node:child_process';

const entries = ['shared/src/index.ts', 'server/src/main.ts', 'client/src/main.tsx'];
const result = spawnSync('npx', ['dpdm', '--no-tree', '--no-warning', '--exit-code', 'circular:1', '-T', ...entries], {
  encoding: 'utf8',
});
process.stdout.write(result.stdout);
if (result.status !== 0) {
  process.stderr.write(result.stderr);
  process.stderr.write('\nCircular imports found (see above).\n');
  process.exit(1);
}
process.stdout.write('No circular imports.\n');
