/**
 * `npm run audit:verify`: walks the audit log's hash chain (SEC-6) in the database Wardflow uses
 * (DATABASE_URL, or the embedded one in WARDFLOW_DATA_DIR, default .data: stop the demo first, or use
 * "Verify the chain" in /admin/audit, which runs the same check inside the server) and says whether
 * it is whole, or where it breaks. Exit code 0: whole; 1: broken; 2: could not check.
 *
 * It prints the head (last row and hash): keep it, or compare it with the one the worker logs daily,
 * because removing the newest rows is the one change a chain cannot show by itself.
 */
import { ChainVerifier } from '../store/audit-chain.js';
import { loadDatabaseConfig } from '../config/app-config.js';
import { AuditRepository } from '../store/audit.repository.js';
import { openDatabase } from '../store/database.adapter.js';

async function main(): Promise<number> {
  const where = loadDatabaseConfig(process.env);
  const database = await openDatabase(where);
  try {
    const verifier = new ChainVerifier();
    for await (const rows of new AuditRepository(database.db).chain()) verifier.feed(rows);
    const result = verifier.result(new Date());
    const place = where.databaseUrl === null ? `embedded database in ${where.dataDir}` : 'DATABASE_URL';
    if (result.ok) {
      process.stdout.write(`Audit log whole: ${result.rowsChecked} rows checked (${place}).\n`);
      if (result.retentionRemovedThrough !== null)
        process.stdout.write(
          `  Rows 1-${result.retentionRemovedThrough} were removed by retention, as recorded in the chain.\n`,
        );
      process.stdout.write(`  Head: row ${result.lastSeq ?? 0}, hash ${result.lastHash ?? 'none'}\n`);
      return 0;
    }
    process.stdout.write(
      `AUDIT LOG ALTERED: ${result.problem?.reason ?? 'unknown problem'} (${place}; ${result.rowsChecked} rows checked).\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Could not verify the audit log: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
