import DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';

/** The GraphQL context: the Fastify request (carrying `ctx`) and this request's DataLoaders. */
export interface GraphQLContext {
  req: FastifyRequest;
  loaders: Map<string, DataLoader<unknown, unknown>>;
}

/**
 * A DataLoader that lives for one GraphQL request, so that `parent`/`children` style fields batch into one query
 * per level instead of one per row, and no cache outlives the request (or crosses callers).
 */
export function perRequestLoader<K, V>(
  context: GraphQLContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  let loader = context.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
    context.loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}
