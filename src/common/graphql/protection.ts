import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import type { ValidationRule } from 'graphql';

/** Limits of a GraphQL operation; documented in docs/security.md. */
export const GRAPHQL_LIMITS = {
  maxDepth: 8,
  maxCost: 5000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

/**
 * Query depth, cost, alias, directive and token limits (graphql-armor), so one request cannot make the
 * database walk the whole province; field suggestions are hidden in production so the schema cannot be
 * guessed through error messages while introspection is off.
 */
export function graphqlProtection(production: boolean): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    costLimit: {
      maxCost: GRAPHQL_LIMITS.maxCost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
    },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    // The token limit is graphql-js's own parse option (below): armor's version throws from a plugin hook, which
    // Apollo answers with 500 although the request was at fault.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  });
  const { plugins, validationRules } = armor.protect();
  // graphql-armor's plugin types come from @apollo/server's CommonJS build; Nest's driver uses the ESM one.
  return {
    plugins: plugins as unknown as ApolloServerPlugin[],
    validationRules,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
  };
}
