import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes on the two references to a person that had none: without them PostgreSQL checks each person deleted (a
 * bench's clean-up, an erasure) by reading all of `persons` and `person_merges`, which took minutes for 100,000
 * people at province scale; and "who was merged into this person" is a scan. Partial: almost no person is merged.
 */
export class PersonReferenceIndexes1795300000101 implements MigrationInterface {
  name = 'PersonReferenceIndexes1795300000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_persons_merged_into ON persons (merged_into_id) WHERE merged_into_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_person_merges_survivor ON person_merges (survivor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_person_merges_survivor`);
    await q.query(`DROP INDEX ix_persons_merged_into`);
  }
}
