import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditChain } from '../audit/audit-chain';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';

/**
 * `npm run audit:verify` against DATABASE_URL: links the events still waiting for the sealer, then recomputes the
 * whole hash chain and prints the report as JSON. Exit code 0 when intact, 1 when a link is broken, 2 when the
 * check itself could not run. Safe beside running nodes: sealing takes the same advisory lock as theirs.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to the database whose audit trail to verify.');
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl, { logging: ['error'] }));
  await dataSource.initialize();
  try {
    const chain = new AuditChain(dataSource);
    const sealedNow = await chain.seal();
    const report = await chain.verify();
    process.stdout.write(`${JSON.stringify({ ...report, sealedNow }, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
