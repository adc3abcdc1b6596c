import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CasesService } from '../../cases/cases.service';
import { CreateCaseDto } from '../../cases/dto/case.dto';
import { RequestContext } from '../../common/context/request-context';
import { timeZoneOfRegion, todayIn } from '../../common/dates';
import { AppException } from '../../common/errors/app-exception';
import { ScopePolicy } from '../../identity/scope-policy.service';
import { ImportErrorCode } from '../imports.errors';
import { KIND_SPECS } from '../import-kinds';
import { parseDate } from './cells';
import {
  columnResolver,
  ImportKindHandler,
  isRowError,
  JobRun,
  KindRun,
  MappedRow,
  Prepared,
  RowError,
  RowFailure,
  rowErrorsFrom,
  take,
  validateDto,
} from './import-kind';
import { PersonPayload } from './person-rows';
import { PersonsImport } from './persons.kind';

interface EksKlienPayload {
  person: PersonPayload;
  case: Omit<CreateCaseDto, 'personId'>;
}

/** Stands in for the person's id while the case columns are checked; the real id exists only once written. */
const NOT_YET = '00000000-0000-4000-8000-000000000000';

/**
 * `eks-klien`: people who came home from a UPT, with a COMMUNITY case at the importing regency office. The person
 * part is the `persons` import; the case is opened by `CasesService.create`, so every rule of the cases module
 * applies (stage, PPKS code, opening day, the office's write scope, timeline and audit). A person who already has an
 * open COMMUNITY case at this office is linked to it, not given a second one.
 */
@Injectable()
export class EksKlienImport implements ImportKindHandler<EksKlienPayload> {
  readonly kind = 'eks-klien' as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly persons: PersonsImport,
    private readonly cases: CasesService,
    private readonly scope: ScopePolicy,
  ) {}

  async assertAllowed(ctx: RequestContext): Promise<void> {
    const principal = this.scope.principal(ctx);
    const [organization] = await this.dataSource.query<{ type: string; active: boolean }[]>(
      `SELECT type, active FROM organizations WHERE id = $1`,
      [principal.organizationId],
    );
    if (organization?.type !== 'REGENCY_OFFICE' || !organization.active) {
      throw new AppException(ImportErrorCode.IMPORT_KIND_NOT_ALLOWED, {
        reason: {
          id: 'Impor eks-klien membuka kasus COMMUNITY di kantor Anda, jadi hanya untuk Dinas Sosial kabupaten/kota.',
          en: 'An eks-klien import opens COMMUNITY cases at your office, so it is for regency/city social offices only.',
        },
      });
    }
  }

  async start(job: JobRun): Promise<KindRun<EksKlienPayload>> {
    const columns = KIND_SPECS['eks-klien'].columns;
    const columnOf = columnResolver(columns);
    const rows = await this.persons.personRows(job, columns);
    const writer = this.persons.writer();
    const stages = new Set(
      (await this.dataSource.query<{ code: string }[]>(`SELECT code FROM case_stages WHERE active`)).map((s) => s.code),
    );
    const ppks = new Set(
      (await this.dataSource.query<{ code: string }[]>(`SELECT code FROM ppks_categories`)).map((p) => p.code),
    );
    const [office] = await this.dataSource.query<{ region_code: string }[]>(
      `SELECT region_code FROM organizations WHERE id = $1`,
      [job.organizationId],
    );
    const today = todayIn(timeZoneOfRegion(office?.region_code));

    const prepareCase = (row: MappedRow, errors: RowError[]): EksKlienPayload['case'] => {
      const values = row.values;
      const openedOn = values.get('tanggal_mulai');
      const plain: Record<string, unknown> = {
        personId: NOT_YET,
        kind: 'COMMUNITY',
        stage: values.get('tahap')?.toUpperCase() ?? 'BIMBINGAN_LANJUT',
        ppksCategory: values.get('kategori_ppks_kasus')?.toUpperCase(),
        severity: values.get('tingkat_keparahan')?.toUpperCase(),
        openedOn: openedOn === undefined ? undefined : take(parseDate(openedOn), 'tanggal_mulai', errors),
      };
      const { dto, errors: dtoErrors } = validateDto(CreateCaseDto, plain, columnOf);
      errors.push(...dtoErrors);
      // The rules CasesService.create would refuse the row for, checked before anything is written.
      if (dto.stage && !stages.has(dto.stage)) {
        errors.push({
          column: 'tahap',
          code: 'CASE_UNKNOWN_STAGE',
          message: { id: 'tahap tidak dikenal', en: 'unknown stage' },
        });
      }
      if (dto.ppksCategory && !ppks.has(dto.ppksCategory)) {
        errors.push({
          column: 'kategori_ppks_kasus',
          code: 'PERSON_UNKNOWN_PPKS_CATEGORY',
          message: { id: 'kategori PPKS tidak dikenal', en: 'unknown PPKS category' },
        });
      }
      if (dto.openedOn && dto.openedOn > today) {
        errors.push({
          column: 'tanggal_mulai',
          code: 'CASE_DATE_INVALID',
          message: { id: 'tidak boleh di masa depan', en: 'must not be in the future' },
        });
      }
      const { personId: _ignored, ...rest } = dto;
      return rest;
    };

    return {
      prepare: async (batch) =>
        batch.map((row): Prepared<EksKlienPayload> => {
          const { payload, errors } = rows.prepare(row);
          const caseDto = prepareCase(row, errors);
          return payload && errors.length === 0
            ? { row: row.row, value: { person: payload, case: caseDto } }
            : { row: row.row, errors };
        }),
      write: async (em, accepted) => {
        const people = await writer.upsert(
          job.ctx,
          em,
          job.organizationId,
          accepted.map((a) => ({ row: a.row, value: a.value.person })),
        );
        const ids = [...new Set(people.personOf.values())];
        const open = new Set(
          (
            await em.query<{ person_id: string }[]>(
              `SELECT person_id FROM cases
                WHERE person_id = ANY($1) AND managing_organization_id = $2 AND kind = 'COMMUNITY' AND status = 'OPEN'`,
              [ids, job.organizationId],
            )
          ).map((c) => c.person_id),
        );
        let opened = 0;
        let linked = 0;
        for (const item of accepted) {
          const personId = people.personOf.get(item.row);
          if (!personId) continue;
          if (open.has(personId)) {
            linked++;
            continue;
          }
          try {
            await this.cases.create(job.ctx, Object.assign(new CreateCaseDto(), item.value.case, { personId }));
          } catch (error) {
            // The person of this row is already written with the others: the batch goes again without the row.
            if (isRowError(error)) throw new RowFailure({ row: item.row, errors: rowErrorsFrom(error, columnOf) });
            throw error;
          }
          open.add(personId);
          opened++;
        }
        return {
          results: {
            personsCreated: people.created,
            personsUpdated: people.updated,
            casesOpened: opened,
            casesLinked: linked,
          },
          rejected: people.rejected,
        };
      },
    };
  }
}
