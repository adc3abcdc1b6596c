import { AnalyticsResolver } from './analytics/analytics.resolver';
import { REPORT_RESOLVERS } from './analytics/reports';
import { BusinessesResolver } from './businesses/businesses.resolver';
import { CasesResolver } from './cases/cases.resolver';
import { MarketplaceResolver } from './marketplace/marketplace.resolver';
import { OrganizationsResolver } from './organizations/organizations.resolver';
import { PersonsResolver } from './persons/persons.resolver';
import { RegionsResolver } from './regions/regions.resolver';
import { TrainingsResolver } from './trainings/trainings.resolver';
import { GrantsResolver } from './grants/grants.resolver';

/**
 * Every GraphQL resolver, for writing `schema.gql` without a database. The e2e suite compares the running
 * application's schema with the committed file, so a resolver missing here shows up as a failing test.
 */
export const GRAPHQL_RESOLVERS = [
  RegionsResolver,
  OrganizationsResolver,
  PersonsResolver,
  CasesResolver,
  TrainingsResolver,
  BusinessesResolver,
  MarketplaceResolver,
  GrantsResolver,
  AnalyticsResolver,
  ...REPORT_RESOLVERS,
];
