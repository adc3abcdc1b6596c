import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { FLOOR_SQL, floorAuditParams, FloorCaller } from './floor-sql';

/**
 * The floor (DESIGN.md §8): the statements the service runs for a read endpoint — its selects and its audit insert —
 * through bare `pg` behind a bare `node:http` server, in a process of its own, on a pool of the service's size.
 * No framework, no token check, no validation, no decryption: what is left is the cost of the database work and of
 * HTTP itself, the most any implementation of the endpoint could do on this machine.
 */

const caller = JSON.parse(process.env.FLOOR_CALLER ?? '{}') as FloorCaller;
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.FLOOR_POOL_SIZE ?? 20) });
const PERSON_PATH = /^\/api\/v1\/persons\/([0-9a-f-]{36})$/;
const DEFAULT_LIMIT = 50;

async function getPerson(id: string, requestId: string): Promise<unknown> {
  const person = await pool.query(FLOOR_SQL.personById, [id, caller.regencyCode, caller.organizationId]);
  if (person.rows.length === 0) return null;
  await pool.query(FLOOR_SQL.auditInsert, floorAuditParams(caller, id, 'PERSON_RECORD_VIEW', requestId));
  return person.rows[0];
}

async function listPersons(url: URL, requestId: string): Promise<unknown> {
  const limit = Number(url.searchParams.get('limit') ?? DEFAULT_LIMIT);
  const cursor = url.searchParams.get('cursor');
  let after: [string, string] | null = null;
  if (cursor) after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
  const rows = after
    ? (
        await pool.query(FLOOR_SQL.listAfter, [
          caller.regencyCode,
          caller.organizationId,
          after[0],
          after[1],
          limit + 1,
        ])
      ).rows
    : (await pool.query(FLOOR_SQL.listFirst, [caller.regencyCode, caller.organizationId, limit + 1])).rows;
  const page = rows.slice(0, limit) as { id: string; full_name: string }[];
  const ids = page.map((r) => r.id);
  const ppks = ids.length > 0 ? (await pool.query(FLOOR_SQL.listPpks(ids.length), ids)).rows : [];
  if (ids.length > 0) {
    // One multi-row insert, as AuditService.recordMany does.
    const width = 13;
    const values = ids.map(
      (_, r) => `(${Array.from({ length: width }, (_c, c) => `$${r * width + c + 1}`).join(', ')})`,
    );
    await pool.query(
      `${FLOOR_SQL.auditInsertPrefix} VALUES ${values.join(', ')}`,
      ids.flatMap((id) => floorAuditParams(caller, id, 'PERSON_SEARCH', requestId)),
    );
  }
  const last = page[page.length - 1];
  return {
    data: page.map((p) => ({ ...p, ppksCategories: ppks.filter((c: { person_id: string }) => c.person_id === p.id) })),
    page: {
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.full_name, last.id])).toString('base64url')
          : null,
      limit,
    },
  };
}

let requests = 0;
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? '/', 'http://floor');
  const requestId = `floor-${++requests}`;
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  const work = async (): Promise<void> => {
    if (url.pathname === '/health') return send(200, { status: 'ok' });
    const match = PERSON_PATH.exec(url.pathname);
    if (request.method === 'GET' && match) {
      const person = await getPerson(match[1], requestId);
      return person ? send(200, person) : send(404, { status: 404 });
    }
    if (request.method === 'GET' && url.pathname === '/api/v1/persons')
      return send(200, await listPersons(url, requestId));
    return send(404, { status: 404 });
  };
  work().catch((error: unknown) => send(500, { error: error instanceof Error ? error.message : String(error) }));
});

server.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => {
  server.close();
  void pool.end().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
