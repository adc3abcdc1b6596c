import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';

/** Gives services the request's transaction, so a write and its audit row and outbox message commit together. */
@Injectable()
export class Tx {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** The entity manager for this request: its transaction when it has one, else the pool. */
  manager(ctx: RequestContext): EntityManager {
    return ctx.em ?? this.dataSource.manager;
  }

  /** Runs `work` in the request's transaction, or in a new one when the request has none. */
  async run<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (ctx.em) return work(ctx.em);
    return this.dataSource.transaction(async (em) => {
      ctx.em = em;
      try {
        return await work(em);
      } finally {
        ctx.em = undefined;
      }
    });
  }
}
