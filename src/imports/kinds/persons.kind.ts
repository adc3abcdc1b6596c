import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { ScopePolicy } from '../../identity/scope-policy.service';
import { PiiCipher } from '../../persons/pii/pii-cipher';
import { RegionsService } from '../../regions/regions.service';
import { KIND_SPECS } from '../import-kinds';
import { ImportKindHandler, JobRun, KindRun, Prepared } from './import-kind';
import { loadPersonReferences, PersonPayload, PersonRows } from './person-rows';
import { PersonsBulkWriter } from './persons-bulk';

/** `persons`: the person registry, in bulk. Rows are checked one by one and written a batch at a time. */
@Injectable()
export class PersonsImport implements ImportKindHandler<PersonPayload> {
  readonly kind = 'persons' as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
    private readonly cipher: PiiCipher,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async start(job: JobRun): Promise<KindRun<PersonPayload>> {
    const rows = await this.personRows(job, KIND_SPECS.persons.columns);
    const writer = new PersonsBulkWriter(this.scope, this.audit);
    return {
      prepare: async (batch) =>
        batch.map((row): Prepared<PersonPayload> => {
          const { payload, errors } = rows.prepare(row);
          return payload ? { row: row.row, value: payload } : { row: row.row, errors };
        }),
      write: async (em, accepted) => {
        const result = await writer.upsert(job.ctx, em, job.organizationId, accepted);
        return {
          results: { personsCreated: result.created, personsUpdated: result.updated },
          rejected: result.rejected,
        };
      },
    };
  }

  /** Shared with `eks-klien`, whose rows are person rows with case columns. */
  async personRows(job: JobRun, columns: typeof KIND_SPECS.persons.columns): Promise<PersonRows> {
    const references = await loadPersonReferences(this.dataSource, await this.regions.knownCodes());
    return new PersonRows(columns, references, this.cipher, job.ctx.principal?.regionCode ?? '35');
  }

  writer(): PersonsBulkWriter {
    return new PersonsBulkWriter(this.scope, this.audit);
  }
}
