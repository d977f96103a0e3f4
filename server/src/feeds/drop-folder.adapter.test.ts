import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedImportReport } from '@wardflow/shared';
import { createTempDir } from '../testing/test-databases.js';
import { DropFolder } from './drop-folder.adapter.js';

describe('DropFolder', () => {
  const dir = createTempDir('drop-folder-');
  const folder = new DropFolder(dir.path);
  const roster = join(dir.path, 'roster');
  const AT = new Date('2026-12-06T07:00:00.123Z');
  const put = (name: string, body: string, mtime: Date) => {
    writeFileSync(join(roster, name), body);
    utimesSync(join(roster, name), mtime, mtime);
  };

  beforeAll(async () => {
    await folder.ensure(['roster', 'incidents']);
  });
  afterAll(() => dir.remove());

  it('should make each feed folder with processed/ and rejected/', () => {
    expect(readdirSync(dir.path).sort()).toEqual(['incidents', 'roster']);
    expect(readdirSync(roster).sort()).toEqual(['processed', 'rejected']);
  });

  it('should offer only .csv files, oldest first, never hidden, lock or partly written names, nor folders', async () => {
    put('b.csv', 'b', new Date('2026-12-06T06:00:00Z'));
    put('A.CSV', 'a', new Date('2026-12-06T06:30:00Z'));
    put('c.csv', 'c', new Date('2026-12-06T05:00:00Z'));
    put('d.csv.part', 'd', new Date('2026-12-06T05:00:00Z'));
    put('.e.csv', 'e', new Date('2026-12-06T05:00:00Z'));
    put('~$f.csv', 'f', new Date('2026-12-06T05:00:00Z'));
    mkdirSync(join(roster, 'g.csv'));
    expect((await folder.pending('roster')).map((f) => [f.name, f.size])).toEqual([
      ['c.csv', 1],
      ['b.csv', 1],
      ['A.CSV', 1],
    ]);
    rmSync(join(roster, 'g.csv'), { recursive: true });
  });

  it('should read a file that did not change, and refuse one that changed or went while being read', async () => {
    const [c, b, a] = await folder.pending('roster');
    expect(await folder.read(c as NonNullable<typeof c>)).toEqual({ bytes: Buffer.from('c') });
    appendFileSync(join(roster, 'b.csv'), 'more');
    expect(await folder.read(b as NonNullable<typeof b>)).toEqual({ changed: true });
    rmSync(join(roster, 'A.CSV'));
    expect(await folder.read(a as NonNullable<typeof a>)).toEqual({ gone: true });
  });

  it('should move files out of the way, adding the time to a name already taken, with a report beside a rejected one', async () => {
    const [c] = await folder.pending('roster');
    const first = await folder.markProcessed(c as NonNullable<typeof c>, AT);
    expect(first).toBe(join(roster, 'processed', 'c.csv'));
    put('c.csv', 'c again', new Date('2026-12-06T05:00:00Z'));
    const [again] = await folder.pending('roster');
    expect(await folder.markProcessed(again as NonNullable<typeof again>, AT)).toBe(
      join(roster, 'processed', 'c.20261206T070000Z.csv'),
    );
    // Another worker moved it first: nothing to do.
    expect(await folder.markProcessed(again as NonNullable<typeof again>, AT)).toBeNull();

    const [b] = await folder.pending('roster');
    const report = { kind: 'roster', outcome: 'rejected', errors: [] } as unknown as FeedImportReport;
    const target = await folder.markRejected(b as NonNullable<typeof b>, report, AT);
    expect(target).toBe(join(roster, 'rejected', 'b.csv'));
    expect(JSON.parse(readFileSync(`${target}.report.json`, 'utf8'))).toEqual(report);
    expect((await folder.pending('roster')).map((f) => f.name)).toEqual([]);
  });
});
