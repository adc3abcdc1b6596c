import { randomBytes } from 'node:crypto';
import { seededOrganizationId } from '../../src/common/ids';
import { Role } from '../../src/identity/permissions';
import { ACCESS_TOKEN_TTL_SECONDS, TokenService } from '../../src/identity/token.service';
import { TestApp } from './test-app';

/** Seeded organisations a role belongs to by default in tests. */
export const DEFAULT_ORGANIZATION: Record<Role, string> = {
  [Role.PROVINCE_ADMIN]: 'DINSOS-35',
  [Role.PROVINCE_OFFICER]: 'DINSOS-35',
  [Role.ANALYST]: 'DINSOS-35',
  [Role.AUDITOR]: 'DINSOS-35',
  [Role.UPT_STAFF]: 'UPT-RSBL-KEDIRI',
  [Role.REGENCY_OPERATOR]: 'DINSOS-3571',
  [Role.PARTNER]: 'TEST-NGO-KEDIRI',
};

/** A partner NGO in Kota Kediri, created on first use (partners are not seeded). */
export async function ensurePartnerOrganization(
  t: TestApp,
  code = 'TEST-NGO-KEDIRI',
  regionCode = '3571011010',
): Promise<string> {
  const id = seededOrganizationId(code);
  await t.sql(
    `INSERT INTO organizations (id, code, name, type, region_code) VALUES ($1, $2, $3, 'NGO', $4) ON CONFLICT (id) DO NOTHING`,
    [id, code, `Yayasan ${code}`, regionCode],
  );
  return id;
}

export interface TestPrincipal {
  userId: string;
  username: string;
  organizationId: string;
  token: string;
  auth: { Authorization: string };
}

/**
 * A user of the given role, stored in the database (so `/me` and scopes see a real row), with a signed access
 * token. Login itself is exercised in identity.e2e-spec.ts; other specs need a caller, not a login.
 */
export async function asRole(
  t: TestApp,
  role: Role,
  organizationCode = DEFAULT_ORGANIZATION[role],
): Promise<TestPrincipal> {
  const organizationId =
    organizationCode === 'TEST-NGO-KEDIRI'
      ? await ensurePartnerOrganization(t)
      : seededOrganizationId(organizationCode);
  const [organization] = await t.sql<{ region_code: string }>(`SELECT region_code FROM organizations WHERE id = $1`, [
    organizationId,
  ]);
  const username = `${role.toLowerCase().replace(/_/g, '.')}.${randomBytes(3).toString('hex')}`;
  const [user] = await t.sql<{ id: string }>(
    `INSERT INTO users (username, display_name, role, organization_id, password_hash)
     VALUES ($1, $2, $3, $4, 'scrypt$not-a-real-hash') RETURNING id`,
    [username, username, role, organizationId],
  );
  const token = t.app
    .get(TokenService)
    .sign(
      { sub: user.id, kind: 'user', name: username, role, org: organizationId, rgn: organization.region_code },
      ACCESS_TOKEN_TTL_SECONDS,
    );
  return { userId: user.id, username, organizationId, token, auth: { Authorization: `Bearer ${token}` } };
}
