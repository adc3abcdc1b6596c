import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import { insertParams, INSERT_EVENT_SQL, toEventRow } from '../audit/audit-entry';
import { RequestContext } from '../common/context/request-context';
import { seededOrganizationId } from '../common/ids';
import { Role } from '../identity/permissions';
import { hashPassword } from '../identity/secrets';

export interface DemoUser {
  role: Role;
  username: string;
  password: string;
  organizationId: string;
  organizationName: string;
}

/** One user per role, each in an organisation where the small data set has something to show. */
const DEMO_ROLES: ReadonlyArray<{ role: Role; username: string; displayName: string; organization: string }> = [
  { role: Role.PROVINCE_ADMIN, username: 'demo.admin', displayName: 'Demo: admin provinsi', organization: 'DINSOS-35' },
  {
    role: Role.PROVINCE_OFFICER,
    username: 'demo.officer',
    displayName: 'Demo: petugas provinsi',
    organization: 'DINSOS-35',
  },
  {
    role: Role.UPT_STAFF,
    username: 'demo.upt',
    displayName: 'Demo: staf UPT RSBL Kediri',
    organization: 'UPT-RSBL-KEDIRI',
  },
  {
    role: Role.REGENCY_OPERATOR,
    username: 'demo.regency',
    displayName: 'Demo: operator Dinsos Kota Kediri',
    organization: 'DINSOS-3571',
  },
  // The partner NGO of Kota Kediri that the synthetic data set creates (docs/synthetic-data.md).
  {
    role: Role.PARTNER,
    username: 'demo.partner',
    displayName: 'Demo: mitra LKS Kota Kediri',
    organization: 'NGO:3571',
  },
  { role: Role.ANALYST, username: 'demo.analyst', displayName: 'Demo: analis provinsi', organization: 'DINSOS-35' },
  { role: Role.AUDITOR, username: 'demo.auditor', displayName: 'Demo: auditor / DPO', organization: 'DINSOS-35' },
];

/** A file in the demo's data folder: the service refuses to run in production on such a folder (main.ts). */
export const DEMO_MARKER = 'DEMO';

export function isDemoDataDir(dataDir: string): boolean {
  return existsSync(join(dataDir, DEMO_MARKER));
}

/** Where the demo keeps its users' passwords (mode 0600, beside the demo's own database). */
export function demoUsersFile(dataDir: string): string {
  return join(dataDir, 'demo-users.json');
}

/**
 * Creates the demo users that do not exist yet, with generated passwords kept in DATA_DIR/demo-users.json so the
 * next start prints the same ones; a user whose password was lost gets a new one. Only the demo calls this.
 */
export async function ensureDemoUsers(client: ClientBase, dataDir: string): Promise<DemoUser[]> {
  const file = demoUsersFile(dataDir);
  const stored: Record<string, string> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : {};
  const users: DemoUser[] = [];
  for (const spec of DEMO_ROLES) {
    const organization = await findOrganization(client, spec.organization);
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [spec.username]);
    let password = stored[spec.username];
    if (rows.length === 0 || !password) {
      password = randomBytes(12).toString('base64url');
      const hash = await hashPassword(password);
      const saved = await client.query<{ id: string }>(
        `INSERT INTO users (username, display_name, role, organization_id, password_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, status = 'ACTIVE',
           password_changed_at = now(), version = users.version + 1, updated_at = now()
         RETURNING id`,
        [spec.username, spec.displayName, spec.role, organization.id, hash],
      );
      await audit(client, saved.rows[0].id, rows.length === 0 ? 'CREATE' : 'UPDATE');
      stored[spec.username] = password;
    }
    users.push({
      role: spec.role,
      username: spec.username,
      password,
      organizationId: organization.id,
      organizationName: organization.name,
    });
  }
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return users;
}

async function findOrganization(client: ClientBase, code: string): Promise<{ id: string; name: string }> {
  const { rows } = code.startsWith('NGO:')
    ? await client.query<{ id: string; name: string }>(
        `SELECT id, name FROM organizations WHERE type = 'NGO' AND region_code LIKE $1 AND active ORDER BY code LIMIT 1`,
        [`${code.slice(4)}%`],
      )
    : await client.query<{ id: string; name: string }>(`SELECT id, name FROM organizations WHERE id = $1`, [
        seededOrganizationId(code),
      ]);
  if (rows.length === 0)
    throw new Error(`the demo needs organisation ${code}: load the small synthetic data set first`);
  return rows[0];
}

async function audit(client: ClientBase, userId: string, action: 'CREATE' | 'UPDATE'): Promise<void> {
  const ctx = new RequestContext('demo', 'id', '127.0.0.1', 'DEMO_USERS');
  ctx.isSystem = true;
  const row = toEventRow(ctx, {
    action,
    resourceType: 'user',
    resourceId: userId,
    changedFields: ['username', 'role', 'passwordHash'],
  });
  await client.query(INSERT_EVENT_SQL, insertParams(row));
}
