import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { Person } from '../persons/person.entity';
import { Region } from '../regions/region.entity';
import { ReferralPersonView, ReferralResponse } from './dto/referral.dto';
import { allowedActions } from './referral-lifecycle';
import { Referral } from './referral.entity';

/**
 * Shapes referrals for their readers. Of the person a referral carries only what the receiver needs to act on it
 * (name, sex, age, village, contact): a partner sees nothing else of the person or the case (DESIGN.md §5).
 */
@Injectable()
export class ReferralView {
  async one(ctx: RequestContext, em: EntityManager, referral: Referral): Promise<ReferralResponse> {
    return (await this.many(ctx, em, [referral]))[0];
  }

  async many(_ctx: RequestContext, em: EntityManager, referrals: Referral[]): Promise<ReferralResponse[]> {
    if (referrals.length === 0) return [];
    const persons = await em
      .getRepository(Person)
      .find({ where: { id: In([...new Set(referrals.map((r) => r.personId))]) } });
    const byId = new Map(persons.map((p) => [p.id, p]));
    const villages = await em.getRepository(Region).find({
      where: {
        code: In([...new Set(persons.map((p) => p.domicileVillageCode).filter((c): c is string => c !== null))]),
      },
    });
    const villageName = new Map(villages.map((v) => [v.code, v.name]));
    return referrals.map((r) => {
      const p = byId.get(r.personId)!;
      const person: ReferralPersonView = {
        id: p.id,
        name: p.fullName,
        sex: p.sex,
        age: ageOn(p.birthDate, todayIn(timeZoneOfRegion(p.domicileVillageCode))),
        villageCode: p.domicileVillageCode,
        villageName: p.domicileVillageCode ? (villageName.get(p.domicileVillageCode) ?? null) : null,
        contact: p.phone ?? p.guardianPhone ?? null,
      };
      return {
        id: r.id,
        fromOrganizationId: r.fromOrganizationId,
        toOrganizationId: r.toOrganizationId,
        person,
        caseId: r.caseId,
        serviceId: r.serviceId,
        escalationId: r.escalationId,
        reason: r.reason,
        priority: r.priority,
        transfer: r.transfer,
        status: r.status,
        statusChangedAt: r.statusChangedAt,
        respondBy: r.respondBy,
        rejectionReasonCode: r.rejectionReasonCode,
        statusNote: r.statusNote,
        outcomeNote: r.outcomeNote,
        consentOverridden: r.consentId === null,
        allowedActions: allowedActions(r.status),
        version: r.version,
        createdAt: r.createdAt,
      };
    });
  }

  /** The webhook body: the referral without the person's contact (a webhook may be logged by the receiver's stack). */
  webhookPayload(response: ReferralResponse): Record<string, unknown> {
    const { person, ...rest } = response;
    return {
      ...rest,
      person: { id: person.id, name: person.name, sex: person.sex, age: person.age, villageCode: person.villageCode },
    };
  }
}

/** Whole years between a birth date and a day; null without a birth date. */
export function ageOn(birthDate: string | null, day: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
