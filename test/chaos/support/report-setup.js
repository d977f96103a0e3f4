// Before the chaos suite: the records of an earlier run go, so the report speaks for this run only.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function removeEarlierRecords() {
  const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../artifacts');
  rmSync(join(artifacts, 'chaos/records.ndjson'), { force: true });
  globalThis.chaosSuiteStartedAt = Date.now();
}
