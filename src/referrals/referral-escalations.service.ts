import { Injectable } from '@nestjs/common';
import { AftercareService } from '../cases/aftercare.service';
import { CaseEscalation } from '../cases/case.entities';
import { CasesService } from '../cases/cases.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { ReferEscalationDto, ReferralResponse } from './dto/referral.dto';
import { ReferralErrorCode } from './referrals.errors';
import { ReferralsService } from './referrals.service';

/** A relapse escalation from after-care turned into a referral in one call, one transaction. */
@Injectable()
export class ReferralEscalations {
  constructor(
    private readonly tx: Tx,
    private readonly cases: CasesService,
    private readonly aftercare: AftercareService,
    private readonly referrals: ReferralsService,
  ) {}

  async refer(
    ctx: RequestContext,
    caseId: string,
    escalationId: string,
    dto: ReferEscalationDto,
  ): Promise<ReferralResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.cases.loadOpen(ctx, em, caseId);
      const escalation = isUuid(escalationId)
        ? await em.getRepository(CaseEscalation).findOne({ where: { id: escalationId, caseId: found.id } })
        : null;
      if (!escalation) throw new AppException('ESCALATION_NOT_FOUND', { id: escalationId.slice(0, 40) });
      if (escalation.status !== 'OPEN')
        throw new AppException(ReferralErrorCode.REFERRAL_ESCALATION_INVALID, { id: escalationId });
      const referral = await this.referrals.create(
        ctx,
        {
          personId: found.personId,
          caseId: found.id,
          toOrganizationId: dto.toOrganizationId,
          serviceId: dto.serviceId,
          reason: dto.reason ?? escalation.reason,
          priority: dto.priority,
          consentOverrideReason: dto.consentOverrideReason,
        },
        escalation.id,
      );
      await this.aftercare.markReferred(ctx, escalation.id, referral.id);
      return referral;
    });
  }
}
