import { CasesResolver } from './cases/cases.resolver';
import { OrganizationsResolver } from './organizations/organizations.resolver';
import { PersonsResolver } from './persons/persons.resolver';
import { RegionsResolver } from './regions/regions.resolver';

/**
 * Every GraphQL resolver, for writing `schema.gql` without a database. The e2e suite compares the running
 * application's schema with the committed file, so a resolver missing here shows up as a failing test.
 */
export const GRAPHQL_RESOLVERS = [RegionsResolver, OrganizationsResolver, PersonsResolver, CasesResolver];
