import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isUuid } from '../../common/ids';
import { KnownRegions, NIK_RULE_MESSAGES, validateNik } from '../../persons/nik';
import { digits } from '../../persons/person-input.validator';
import { PiiCipher } from '../../persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../../persons/pii/pii-columns';
import { RegionsService } from '../../regions/regions.service';
import { EnrolmentsService } from '../../trainings/enrolments.service';
import { TrainingsService } from '../../trainings/trainings.service';
import { KIND_SPECS } from '../import-kinds';
import { parseBoolean, parseDate } from './cells';
import {
  columnResolver,
  eachRowInSavepoint,
  ImportKindHandler,
  JobRun,
  KindRun,
  Prepared,
  RowError,
  RowFailure,
  take,
} from './import-kind';

interface AttendancePayload {
  trainingId: string;
  sessionDate: string;
  /** Blind indexes of the participant's NIK, or null when the row names the enrolment. */
  nikIndexes: string[] | null;
  enrolmentId: string | null;
  present: boolean;
}

const UUID = { id: 'harus berupa UUID', en: 'must be a UUID' };

/**
 * `attendance`: presence at training sessions, one row per participant and day. The participant is named by NIK
 * (found through its blind index among the training's enrolments) or by enrolment id. Each row is recorded by
 * `EnrolmentsService.recordAttendance` (the provider's write scope, no cancelled or future session, audit); a row
 * recorded again overwrites, as the API does.
 */
@Injectable()
export class AttendanceImport implements ImportKindHandler<AttendancePayload> {
  readonly kind = 'attendance' as const;

  constructor(
    private readonly trainings: TrainingsService,
    private readonly enrolments: EnrolmentsService,
    private readonly regions: RegionsService,
    private readonly cipher: PiiCipher,
  ) {}

  async start(job: JobRun): Promise<KindRun<AttendancePayload>> {
    const columnOf = columnResolver(KIND_SPECS.attendance.columns);
    const known = await this.regions.knownCodes();
    return {
      prepare: async (batch) =>
        batch.map((row): Prepared<AttendancePayload> => {
          const errors: RowError[] = [];
          const get = (column: string) => row.values.get(column);
          const trainingId = get('id_pelatihan') ?? '';
          if (!isUuid(trainingId)) errors.push({ column: 'id_pelatihan', code: 'VALIDATION_FAILED', message: UUID });
          const date = get('tanggal_sesi');
          const sessionDate = date === undefined ? undefined : take(parseDate(date), 'tanggal_sesi', errors);
          const present = get('hadir');
          const isPresent = present === undefined ? undefined : take(parseBoolean(present), 'hadir', errors);
          const nik = get('nik');
          const enrolmentId = get('id_pendaftaran');
          const nikIndexes = nik === undefined ? null : this.nikIndexes(nik, known, errors);
          if (enrolmentId !== undefined && !isUuid(enrolmentId)) {
            errors.push({ column: 'id_pendaftaran', code: 'VALIDATION_FAILED', message: UUID });
          }
          if ((nik === undefined) === (enrolmentId === undefined)) {
            errors.push({
              column: nik === undefined ? 'nik' : 'id_pendaftaran',
              code: 'VALIDATION_FAILED',
              message: {
                id: 'isi salah satu: nik atau id_pendaftaran',
                en: 'give exactly one of nik and id_pendaftaran',
              },
            });
          }
          if (errors.length > 0 || sessionDate === undefined || isPresent === undefined) {
            return { row: row.row, errors };
          }
          return {
            row: row.row,
            value: { trainingId, sessionDate, nikIndexes, enrolmentId: enrolmentId ?? null, present: isPresent },
          };
        }),
      write: async (em, accepted) => {
        const rejected = await eachRowInSavepoint(
          em,
          accepted,
          columnOf,
          async ({ row, value }) => {
            // The training first: one the caller may not write is "not found", whatever its sessions are.
            await this.trainings.loadWritable(job.ctx, em, value.trainingId);
            const [session] = await em.query<{ id: string }[]>(
              `SELECT id FROM training_sessions WHERE training_id = $1 AND held_on = $2`,
              [value.trainingId, value.sessionDate],
            );
            if (!session) throw this.rowFailure(row, 'tanggal_sesi', NO_SESSION);
            const enrolmentId = value.enrolmentId ?? (await this.enrolmentByNik(em, value, row));
            await this.enrolments.recordAttendance(job.ctx, value.trainingId, session.id, {
              entries: [{ enrolmentId, present: value.present }],
            });
          },
          {
            TRAINING_NOT_FOUND: 'id_pelatihan',
            TRAINING_SESSION_CANCELLED: 'tanggal_sesi',
            TRAINING_SESSION_IN_FUTURE: 'tanggal_sesi',
            TRAINING_ENROLMENT_MISMATCH: 'id_pendaftaran',
            OUTSIDE_WRITE_SCOPE: 'id_pelatihan',
          },
        );
        return { results: { attendanceRecorded: accepted.length - rejected.length }, rejected };
      },
    };
  }

  private nikIndexes(nik: string, known: KnownRegions, errors: RowError[]): string[] | null {
    const check = validateNik(digits(nik), known);
    if (!check.ok) {
      errors.push({ column: 'nik', code: 'PERSON_NIK_INVALID', message: NIK_RULE_MESSAGES[check.rule] });
      return null;
    }
    return this.cipher.blindIndexes(check.nik, PII_CONTEXTS.nik);
  }

  private async enrolmentByNik(em: EntityManager, value: AttendancePayload, row: number): Promise<string> {
    const [enrolment] = await em.query<{ id: string }[]>(
      `SELECT e.id FROM training_enrolments e JOIN persons p ON p.id = e.person_id
        WHERE e.training_id = $1 AND p.nik_index = ANY($2) AND p.status = 'ACTIVE'`,
      [value.trainingId, value.nikIndexes],
    );
    if (!enrolment) throw this.rowFailure(row, 'nik', NOT_ENROLLED);
    return enrolment.id;
  }

  private rowFailure(row: number, column: string, message: { id: string; en: string }): RowFailure {
    return new RowFailure({ row, errors: [{ column, code: 'VALIDATION_FAILED', message }] });
  }
}

const NO_SESSION = {
  id: 'pelatihan ini tidak punya sesi pada tanggal itu',
  en: 'this training has no session on that day',
};
const NOT_ENROLLED = {
  id: 'tidak ada peserta pelatihan ini dengan NIK tersebut',
  en: 'no participant of this training has this NIK',
};
