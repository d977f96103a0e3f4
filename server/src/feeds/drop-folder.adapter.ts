/**
 * The drop folder on disk (docs/operations.md, "The drop folder"): `roster/` and `incidents/` under
 * FEEDS_DIR, each with `processed/` and `rejected/`. The only code that touches these files, so the
 * scan's rules can be tested with real files in a temporary folder.
 *
 * A half-written file must never be read. Two rules keep it so, both needed in practice:
 * - only names ending in `.csv` are candidates, and never hidden or lock files (`.name`, `~$name`): a
 *   writer that can should write `name.csv.part` (or any other name) and rename it into place, which
 *   is atomic on one file system;
 * - a copy that writes in place under its final name (a Windows share, a scheduled export) is read only
 *   once its modification time is FEEDS_SETTLE old, and only if its size and modification time are the
 *   same after reading as before; otherwise it waits for the next scan.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FeedImportReport, FeedKind } from '@wardflow/shared';

export interface DropFile {
  kind: FeedKind;
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export type DropRead = { bytes: Buffer } | { changed: true } | { gone: true };

const isCandidate = (name: string) => /\.csv$/i.test(name) && !name.startsWith('.') && !name.startsWith('~');
const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

export class DropFolder {
  constructor(readonly root: string) {}

  /** Where a feed's files are dropped. */
  folderOf(kind: FeedKind): string {
    return join(this.root, kind);
  }

  /** Creates the folders if they are not there (the first start, or a new FEEDS_DIR). */
  async ensure(kinds: readonly FeedKind[]): Promise<void> {
    for (const kind of kinds)
      for (const sub of ['processed', 'rejected']) await mkdir(join(this.folderOf(kind), sub), { recursive: true });
  }

  /** The files waiting in a feed's folder, oldest first (a corrected export after the one it corrects). */
  async pending(kind: FeedKind): Promise<DropFile[]> {
    const folder = this.folderOf(kind);
    const files: DropFile[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (!entry.isFile() || !isCandidate(entry.name)) continue;
      const path = join(folder, entry.name);
      try {
        const info = await stat(path);
        files.push({ kind, name: entry.name, path, size: info.size, mtimeMs: info.mtimeMs });
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw error;
      }
    }
    return files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
  }

  /** The file's bytes, if it is still there and did not change while it was read. */
  async read(file: DropFile): Promise<DropRead> {
    try {
      const bytes = await readFile(file.path);
      const after = await stat(file.path);
      if (after.size !== file.size || after.mtimeMs !== file.mtimeMs || bytes.length !== file.size)
        return { changed: true };
      return { bytes };
    } catch (error) {
      if (errno(error) === 'ENOENT') return { gone: true };
      throw error;
    }
  }

  /** Moves a file that was imported (or was already) into `processed/`; returns where it went, or null if another worker moved it first. */
  async markProcessed(file: DropFile, at: Date): Promise<string | null> {
    return this.moveInto(file, 'processed', at);
  }

  /** Moves a refused file into `rejected/` with `<name>.report.json` beside it; returns where it went. */
  async markRejected(file: DropFile, report: FeedImportReport, at: Date): Promise<string | null> {
    const target = await this.moveInto(file, 'rejected', at);
    if (target !== null) await writeFile(`${target}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
    return target;
  }

  /** A name not yet taken in the folder: the file's own, or with the time added before `.csv`. */
  private async moveInto(file: DropFile, sub: 'processed' | 'rejected', at: Date): Promise<string | null> {
    const folder = join(this.folderOf(file.kind), sub);
    const stamp = at
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const ext = extname(file.name);
    const stem = file.name.slice(0, file.name.length - ext.length);
    const names = [file.name, `${stem}.${stamp}${ext}`, ...[1, 2, 3, 4, 5].map((n) => `${stem}.${stamp}-${n}${ext}`)];
    for (const name of names) {
      const target = join(folder, name);
      if (await exists(target)) continue;
      try {
        await rename(file.path, target);
        return target;
      } catch (error) {
        if (errno(error) === 'ENOENT') return null;
        throw error;
      }
    }
    throw new Error(`no free name for ${file.name} in ${folder}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errno(error) === 'ENOENT') return false;
    throw error;
  }
}
