import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { TrainingsService } from '../trainings/trainings.service';
import { GrantCriterion } from './grant.entities';

/** Statuses in which a grant counts as given, for the "no other grant within N years" criterion. */
const GIVEN = ['APPROVED', 'DISBURSED', 'CLOSED'];

/**
 * The grant criteria (docs/empowerment-grants.md), checked at proposal and again, under locks, at approval, since
 * another grant of the same person may have been approved in between. Each criterion carries its reason, so the
 * stored result explains itself to the approver.
 */
@Injectable()
export class GrantCriteria {
  constructor(
    private readonly config: AppConfig,
    private readonly trainings: TrainingsService,
  ) {}

  async check(
    em: EntityManager,
    personId: string,
    year: number,
    statedSkill: string | null,
    grantId: string | null,
  ): Promise<GrantCriterion[]> {
    const criteria: GrantCriterion[] = [];
    if (this.config.grantRequireSkill) {
      // The trainings module's own completion rule (attendance at or above the minimum once the training ended).
      if (await this.trainings.hasCompletedTraining(em, personId)) {
        criteria.push({
          code: 'SKILL',
          passed: true,
          reason: { id: 'Telah menyelesaikan pelatihan keterampilan.', en: 'Completed a skills training.' },
        });
      } else if (statedSkill) {
        criteria.push({
          code: 'SKILL',
          passed: true,
          reason: { id: `Keterampilan yang dinyatakan: ${statedSkill}.`, en: `Stated skill: ${statedSkill}.` },
        });
      } else {
        criteria.push({
          code: 'SKILL',
          passed: false,
          reason: {
            id: 'Belum menyelesaikan pelatihan dan tidak ada keterampilan yang dinyatakan (statedSkill).',
            en: 'No completed training and no stated skill (statedSkill).',
          },
        });
      }
    }
    const years = this.config.grantMinYearsBetween;
    if (years > 0) {
      const rows: { year: number }[] = await em.query(
        `SELECT year FROM grants WHERE person_id = $1 AND ($2::uuid IS NULL OR id <> $2) AND status = ANY($3)
           AND abs(year - $4) < $5 ORDER BY year DESC LIMIT 1`,
        [personId, grantId, GIVEN, year, years],
      );
      criteria.push(
        rows.length > 0
          ? {
              code: 'NO_RECENT_GRANT',
              passed: false,
              reason: {
                id: `Sudah menerima hibah tahun ${rows[0].year}; jarak minimal ${years} tahun.`,
                en: `Already received a grant in ${rows[0].year}; at least ${years} years must pass.`,
              },
            }
          : {
              code: 'NO_RECENT_GRANT',
              passed: true,
              reason: {
                id: `Tidak ada hibah lain dalam ${years} tahun.`,
                en: `No other grant within ${years} years.`,
              },
            },
      );
    }
    return criteria;
  }
}
