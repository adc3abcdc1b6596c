import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPHQL_RESOLVERS } from '../graphql-resolvers';

/**
 * Writes the code-first GraphQL schema to `schema.gql` (committed, reviewed like code). Printed exactly as the
 * e2e suite prints the running schema (sorted, trailing newline), so the two compare equal.
 */
async function main(): Promise<void> {
  // An application context, not an HTTP application: no server, no database, no HTTP driver needed.
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(GRAPHQL_RESOLVERS);
    const file = join(process.cwd(), 'schema.gql');
    writeFileSync(file, `${printSchema(lexicographicSortSchema(schema))}\n`);
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
