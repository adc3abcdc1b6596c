import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Permission, PROVINCE_ROLES, Role, ROLE_PERMISSIONS } from './permissions';

describe('roles and permissions', () => {
  it('gives PROVINCE_ADMIN every permission and the analyst no personal data', () => {
    expect([...ROLE_PERMISSIONS[Role.PROVINCE_ADMIN]].sort()).toEqual(Object.values(Permission).sort());
    expect(ROLE_PERMISSIONS[Role.ANALYST]).not.toContain(Permission.PERSONS_READ);
    expect(ROLE_PERMISSIONS[Role.PARTNER]).not.toContain(Permission.PERSONS_PII);
    expect(PROVINCE_ROLES.has(Role.REGENCY_OPERATOR)).toBe(false);
  });

  it('is documented exactly in docs/security.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
    const roles = Object.values(Role);
    for (const permission of Object.values(Permission)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${permission}\` |`));
      expect(row).toBeDefined();
      const cells = row!
        .split('|')
        .slice(2, 2 + roles.length)
        .map((c) => c.trim());
      expect({ permission, cells }).toEqual({
        permission,
        cells: roles.map((r) => (ROLE_PERMISSIONS[r].includes(permission) ? '✓' : '')),
      });
    }
  });
});
