import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { returnedRows } from '../common/database/query-result';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { ScopePolicy } from '../identity/scope-policy.service';
import { PersonDetailResponse, PossibleDuplicatesResponse } from './dto/person.response';
import { PersonDuplicates } from './person-duplicates.service';
import { PERSON_LINK_TABLES } from './person-links';
import { PersonsService } from './persons.service';
import { PersonErrorCode } from './persons.errors';

type MovedRows = Record<string, string[]>;

/** Merging two records of one person, and undoing it. */
@Injectable()
export class PersonMergeService {
  constructor(
    private readonly tx: Tx,
    private readonly persons: PersonsService,
    private readonly duplicates: PersonDuplicates,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async possibleDuplicates(ctx: RequestContext, id: string): Promise<PossibleDuplicatesResponse> {
    const em = this.tx.manager(ctx);
    const person = await this.persons.load(ctx, em, id);
    this.persons.assertNotRestricted(person);
    return { data: await this.duplicates.find(ctx, em, person) };
  }

  /**
   * Moves every link of the duplicate to the survivor and marks the duplicate MERGED. Both must be in the caller's
   * scope (else 404, as for any foreign record). The moved row ids are kept so that `unmerge` can move them back.
   */
  async merge(ctx: RequestContext, survivorId: string, duplicateId: string): Promise<PersonDetailResponse> {
    if (survivorId === duplicateId) throw new AppException(PersonErrorCode.PERSON_MERGE_SELF);
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      // Lock in id order so two opposite merges of the same pair cannot deadlock.
      const [first, second] = [survivorId, duplicateId].sort();
      const locked = [await this.persons.load(ctx, em, first, true), await this.persons.load(ctx, em, second, true)];
      const survivor = locked.find((p) => p.id === survivorId)!;
      const duplicate = locked.find((p) => p.id === duplicateId)!;
      this.persons.assertWritable(survivor);
      this.persons.assertWritable(duplicate);
      const moved: MovedRows = {};
      for (const table of PERSON_LINK_TABLES) {
        const rows = returnedRows<{ id: string }>(
          await em.query(`UPDATE ${table} SET person_id = $1 WHERE person_id = $2 RETURNING id`, [
            survivorId,
            duplicateId,
          ]),
        );
        moved[table] = rows.map((r) => r.id);
      }
      await em.query(
        `UPDATE persons SET status = 'MERGED', merged_into_id = $1, version = version + 1, updated_at = now() WHERE id = $2`,
        [survivorId, duplicateId],
      );
      await em.query(`UPDATE persons SET version = version + 1, updated_at = now() WHERE id = $1`, [survivorId]);
      await em.query(
        `INSERT INTO person_merges (survivor_id, duplicate_id, moved, merged_by) VALUES ($1, $2, $3, $4)`,
        [survivorId, duplicateId, JSON.stringify(moved), principal.id],
      );
      for (const personId of [survivorId, duplicateId]) {
        await this.audit.record(ctx, {
          action: 'MERGE',
          resourceType: 'person',
          resourceId: personId,
          personId,
          changedFields: ['status', 'links'],
        });
      }
      return this.persons.detail(ctx, em, await this.persons.load(ctx, em, survivorId));
    });
  }

  /** Undoes the latest merge of `duplicateId` into `survivorId`: the moved rows go back, the duplicate lives again. */
  async unmerge(ctx: RequestContext, survivorId: string, duplicateId: string): Promise<PersonDetailResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const survivor = await this.persons.load(ctx, em, survivorId, true);
      this.persons.assertWritable(survivor);
      const merges: { id: string; moved: MovedRows }[] = await em.query(
        `SELECT id, moved FROM person_merges WHERE survivor_id = $1 AND duplicate_id = $2 AND undone_at IS NULL FOR UPDATE`,
        [survivorId, duplicateId],
      );
      const merge = merges[0];
      if (!merge) throw new AppException(PersonErrorCode.PERSON_NOT_MERGED, { id: duplicateId });
      for (const [table, ids] of Object.entries(merge.moved)) {
        if (!PERSON_LINK_TABLES.includes(table) || ids.length === 0) continue;
        await em.query(`UPDATE ${table} SET person_id = $1 WHERE id = ANY($2::uuid[]) AND person_id = $3`, [
          duplicateId,
          ids,
          survivorId,
        ]);
      }
      try {
        await em.query(
          `UPDATE persons SET status = 'ACTIVE', merged_into_id = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
          [duplicateId],
        );
      } catch {
        // The survivor has since taken the duplicate's NIK: the two cannot both be active with one NIK.
        throw new AppException(PersonErrorCode.PERSON_NIK_EXISTS);
      }
      await em.query(`UPDATE persons SET version = version + 1, updated_at = now() WHERE id = $1`, [survivorId]);
      await em.query(`UPDATE person_merges SET undone_at = now(), undone_by = $2 WHERE id = $1`, [
        merge.id,
        principal.id,
      ]);
      for (const personId of [survivorId, duplicateId]) {
        await this.audit.record(ctx, {
          action: 'UNMERGE',
          resourceType: 'person',
          resourceId: personId,
          personId,
          changedFields: ['status', 'links'],
        });
      }
      return this.persons.detail(ctx, em, await this.persons.load(ctx, em, duplicateId));
    });
  }
}
