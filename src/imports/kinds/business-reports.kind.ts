import { Injectable } from '@nestjs/common';
import { BusinessReportsService } from '../../businesses/business-reports.service';
import { CreateReportDto } from '../../businesses/dto/business.dto';
import { isUuid } from '../../common/ids';
import { KIND_SPECS } from '../import-kinds';
import { parseBoolean, parseWhole } from './cells';
import {
  columnResolver,
  eachRowInSavepoint,
  ImportKindHandler,
  JobRun,
  KindRun,
  Prepared,
  RowError,
  take,
  validateDto,
} from './import-kind';

interface ReportPayload {
  businessId: string;
  report: CreateReportDto;
}

/**
 * `business-reports`: monthly monitoring reports, one row per business and month, each written by
 * `BusinessReportsService.create` (the business's scope and lock, the period rules, one report per month, audit).
 * A month already reported is refused, not overwritten: a correction needs a reason (`PUT .../reports/{period}`).
 */
@Injectable()
export class BusinessReportsImport implements ImportKindHandler<ReportPayload> {
  readonly kind = 'business-reports' as const;

  constructor(private readonly reports: BusinessReportsService) {}

  async start(job: JobRun): Promise<KindRun<ReportPayload>> {
    const columnOf = columnResolver(KIND_SPECS['business-reports'].columns);
    return {
      prepare: async (batch) =>
        batch.map((row): Prepared<ReportPayload> => {
          const errors: RowError[] = [];
          const get = (column: string) => row.values.get(column);
          const businessId = get('id_usaha') ?? '';
          if (!isUuid(businessId)) {
            errors.push({
              column: 'id_usaha',
              code: 'VALIDATION_FAILED',
              message: { id: 'harus berupa UUID', en: 'must be a UUID' },
            });
          }
          const whole = (column: string) => {
            const text = get(column);
            return text === undefined ? undefined : take(parseWhole(text), column, errors);
          };
          const open = get('buka');
          // The period may come from a date cell (Excel turns 2025-06 into 1 June 2025).
          const period = get('periode')?.replace(/^(\d{4}-\d{2})-01$/, '$1');
          const { dto, errors: dtoErrors } = validateDto(
            CreateReportDto,
            {
              period,
              revenueIdr: whole('omzet'),
              netIncomeIdr: whole('laba_bersih'),
              workers: whole('tenaga_kerja'),
              open: open === undefined ? undefined : take(parseBoolean(open), 'buka', errors),
              notes: get('catatan'),
            },
            columnOf,
          );
          // A cell that did not parse is reported once, by its parser, not again by the DTO.
          const reported = new Set(errors.map((e) => e.column));
          errors.push(...dtoErrors.filter((e) => !reported.has(e.column)));
          return errors.length > 0 ? { row: row.row, errors } : { row: row.row, value: { businessId, report: dto } };
        }),
      write: async (em, accepted) => {
        const rejected = await eachRowInSavepoint(
          em,
          accepted,
          columnOf,
          async (item) => {
            await this.reports.create(job.ctx, item.value.businessId, item.value.report);
          },
          { BUSINESS_NOT_FOUND: 'id_usaha', BUSINESS_REPORT_DUPLICATE: 'periode' },
        );
        return { results: { reportsCreated: accepted.length - rejected.length }, rejected };
      },
    };
  }
}
