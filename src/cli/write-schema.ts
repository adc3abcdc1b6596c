import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPHQL_RESOLVERS } from '../graphql-resolvers';

/** Writes the code-first GraphQL schema to `schema.gql` (committed, reviewed like code). */
async function main(): Promise<void> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(GRAPHQL_RESOLVERS);
  const file = join(process.cwd(), 'schema.gql');
  writeFileSync(file, `${printSchema(lexicographicSortSchema(schema))}\n`);
  await app.close();
  process.stdout.write(`wrote ${file}\n`);
}

void main();
