/**
 * Roles and permissions in one table (DESIGN.md §5). Handlers declare the permission they need with
 * `@RequirePermissions`; the global guard checks it; a handler without a declaration is refused.
 */
export enum Permission {
  REGIONS_READ = 'regions:read',
  ORGANIZATIONS_READ = 'organizations:read',
  ORGANIZATIONS_WRITE = 'organizations:write',
  ORGANIZATIONS_CREATE = 'organizations:create',
  USERS_READ = 'users:read',
  USERS_WRITE = 'users:write',
  API_CLIENTS_READ = 'api-clients:read',
  API_CLIENTS_WRITE = 'api-clients:write',
  AUDIT_READ = 'audit:read',
  AUDIT_VERIFY = 'audit:verify',
  PERSONS_READ = 'persons:read',
  PERSONS_WRITE = 'persons:write',
  PERSONS_PII = 'persons:pii',
  /** Handle data-subject requests under UU PDP: export, erasure, restriction (the data-protection officer). */
  PERSONS_RIGHTS = 'persons:rights',
  CASES_READ = 'cases:read',
  CASES_WRITE = 'cases:write',
  REFERRALS_READ = 'referrals:read',
  REFERRALS_WRITE = 'referrals:write',
  REFERRALS_CONSENT_OVERRIDE = 'referrals:consent-override',
  /** Webhook subscriptions of the caller's organisation (province roles: of their province), with delivery logs. */
  WEBHOOKS_READ = 'webhooks:read',
  WEBHOOKS_WRITE = 'webhooks:write',
  GRANTS_READ = 'grants:read',
  GRANTS_WRITE = 'grants:write',
  GRANTS_APPROVE = 'grants:approve',
  BUDGETS_WRITE = 'budgets:write',
  TRAININGS_READ = 'trainings:read',
  TRAININGS_WRITE = 'trainings:write',
  /** Enrol a person who fails an eligibility rule, with a written reason (audited). */
  TRAININGS_OVERRIDE = 'trainings:override',
  BUSINESSES_READ = 'businesses:read',
  BUSINESSES_WRITE = 'businesses:write',
  /** Confirm a graduation to MANDIRI, which closes the community case. */
  BUSINESSES_GRADUATE = 'businesses:graduate',
  MARKETPLACE_READ = 'marketplace:read',
  MARKETPLACE_WRITE = 'marketplace:write',
  ANALYTICS_READ = 'analytics:read',
  SURVEYS_READ = 'surveys:read',
  SURVEYS_WRITE = 'surveys:write',
}

export enum Role {
  PROVINCE_ADMIN = 'PROVINCE_ADMIN',
  PROVINCE_OFFICER = 'PROVINCE_OFFICER',
  UPT_STAFF = 'UPT_STAFF',
  REGENCY_OPERATOR = 'REGENCY_OPERATOR',
  PARTNER = 'PARTNER',
  ANALYST = 'ANALYST',
  AUDITOR = 'AUDITOR',
}

const P = Permission;
const CASEWORK = [P.PERSONS_READ, P.PERSONS_WRITE, P.CASES_READ, P.CASES_WRITE, P.REFERRALS_READ, P.REFERRALS_WRITE];
/** Economic empowerment: trainings, businesses and their monitoring, the marketplace. */
const EMPOWERMENT = [
  P.TRAININGS_READ,
  P.TRAININGS_WRITE,
  P.BUSINESSES_READ,
  P.BUSINESSES_WRITE,
  P.MARKETPLACE_READ,
  P.MARKETPLACE_WRITE,
];
/** Every organisation that takes part in referrals can be told of them by webhook. */
const WEBHOOKS = [P.WEBHOOKS_READ, P.WEBHOOKS_WRITE];
/** Satisfaction surveys (SKM) of the services an organisation offers. */
const SURVEYS = [P.SURVEYS_READ, P.SURVEYS_WRITE];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.PROVINCE_ADMIN]: Object.values(Permission),
  [Role.PROVINCE_OFFICER]: [
    P.REGIONS_READ,
    P.ORGANIZATIONS_READ,
    P.ORGANIZATIONS_WRITE,
    P.ORGANIZATIONS_CREATE,
    P.USERS_READ,
    ...CASEWORK,
    P.REFERRALS_CONSENT_OVERRIDE,
    ...WEBHOOKS,
    P.GRANTS_READ,
    P.GRANTS_WRITE,
    P.GRANTS_APPROVE,
    P.BUDGETS_WRITE,
    ...EMPOWERMENT,
    P.TRAININGS_OVERRIDE,
    P.BUSINESSES_GRADUATE,
    P.ANALYTICS_READ,
    ...SURVEYS,
  ],
  // Unmasked NIK/KK only for those who handle identity documents (UPT and regency casework, Dukcapil checks);
  // provincial officers run programmes and see them masked.
  [Role.UPT_STAFF]: [
    P.REGIONS_READ,
    P.ORGANIZATIONS_READ,
    P.ORGANIZATIONS_WRITE,
    ...CASEWORK,
    P.PERSONS_PII,
    ...WEBHOOKS,
    P.TRAININGS_READ,
    P.TRAININGS_WRITE,
    P.BUSINESSES_READ,
    P.MARKETPLACE_READ,
    P.MARKETPLACE_WRITE,
    ...SURVEYS,
  ],
  [Role.REGENCY_OPERATOR]: [
    P.REGIONS_READ,
    P.ORGANIZATIONS_READ,
    P.ORGANIZATIONS_WRITE,
    ...CASEWORK,
    P.PERSONS_PII,
    ...WEBHOOKS,
    P.GRANTS_READ,
    P.GRANTS_WRITE,
    ...EMPOWERMENT,
    P.TRAININGS_OVERRIDE,
    P.BUSINESSES_GRADUATE,
    ...SURVEYS,
  ],
  // Partners run trainings (as providers), and sell or buy products; they see people only through those.
  [Role.PARTNER]: [
    P.REGIONS_READ,
    P.ORGANIZATIONS_READ,
    P.ORGANIZATIONS_WRITE,
    P.REFERRALS_READ,
    P.REFERRALS_WRITE,
    ...WEBHOOKS,
    P.TRAININGS_READ,
    P.TRAININGS_WRITE,
    P.MARKETPLACE_READ,
    P.MARKETPLACE_WRITE,
    ...SURVEYS,
  ],
  [Role.ANALYST]: [P.REGIONS_READ, P.ORGANIZATIONS_READ, P.ANALYTICS_READ, P.SURVEYS_READ],
  [Role.AUDITOR]: [P.REGIONS_READ, P.ORGANIZATIONS_READ, P.USERS_READ, P.AUDIT_READ, P.AUDIT_VERIFY, P.PERSONS_RIGHTS],
};

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** Roles whose scope is their whole province. */
export const PROVINCE_ROLES: ReadonlySet<string> = new Set([
  Role.PROVINCE_ADMIN,
  Role.PROVINCE_OFFICER,
  Role.AUDITOR,
  Role.ANALYST,
]);
