import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { Permission } from '../identity/permissions';
import { maskIdentityNumber } from './nik';
import { PersonDetailResponse, PersonResponse, PpksView } from './dto/person.response';
import { PersonDomicile, PersonKkNumber } from './person-history.entities';
import { Person } from './person.entity';
import { PiiCipher } from './pii/pii-cipher';
import { PII_CONTEXTS } from './pii/pii-columns';

/** A person's PPKS, KK and domicile histories, oldest first: what a detail response shows besides the row. */
export interface PersonHistory {
  ppks: PpksView[];
  kk: Pick<PersonKkNumber, 'kkEncrypted' | 'validFrom' | 'validTo'>[];
  domiciles: Pick<PersonDomicile, 'villageCode' | 'address' | 'validFrom' | 'validTo'>[];
}

/**
 * Turns stored persons into responses: decrypts identity numbers only to show them, masked unless the caller holds
 * `persons:pii`. Kept apart from the service so every read path shapes a person the same way.
 */
@Injectable()
export class PersonView {
  constructor(private readonly cipher: PiiCipher) {}

  canSeePii(ctx: RequestContext): boolean {
    return ctx.principal?.permissions.has(Permission.PERSONS_PII) ?? false;
  }

  identityNumber(ctx: RequestContext, encrypted: string | null, context: string): string | null {
    if (!encrypted) return null;
    const plain = this.cipher.decrypt(encrypted, context);
    return this.canSeePii(ctx) ? plain : maskIdentityNumber(plain);
  }

  summary(ctx: RequestContext, p: Person, ppks: PpksView[]): PersonResponse {
    return {
      id: p.id,
      fullName: p.fullName,
      aliases: p.aliases,
      sex: p.sex,
      birthDate: p.birthDate,
      birthDatePrecision: p.birthDatePrecision,
      birthPlace: p.birthPlace,
      nik: this.identityNumber(ctx, p.nikEncrypted, PII_CONTEXTS.nik),
      identityStatus: p.identityStatus,
      identityVerifiedAt: p.identityVerifiedAt,
      domicile: p.domicileVillageCode
        ? { villageCode: p.domicileVillageCode, address: null, from: null, to: null }
        : null,
      phone: p.phone,
      disabilities: p.disabilities,
      ppksCategories: ppks,
      guardian: p.guardianName
        ? {
            name: p.guardianName,
            relation: p.guardianRelation ?? '',
            phone: p.guardianPhone,
            nik: this.identityNumber(ctx, p.guardianNikEncrypted, PII_CONTEXTS.guardianNik),
          }
        : null,
      externalIds: { dtksId: p.dtksId, dtsenDecile: p.dtsenDecile, dtsenAsOf: p.dtsenAsOf },
      status: p.status,
      mergedIntoId: p.mergedIntoId,
      restricted: p.restricted,
      legalHold: p.legalHold,
      registeredByOrganizationId: p.registeredByOrganizationId,
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }

  detail(ctx: RequestContext, p: Person, history: PersonHistory): PersonDetailResponse {
    const domicileHistory = history.domiciles.map((d) => ({
      villageCode: d.villageCode,
      address: d.address,
      from: d.validFrom,
      to: d.validTo,
    }));
    const current = domicileHistory.find((d) => d.to === null && d.villageCode === p.domicileVillageCode) ?? null;
    return {
      ...this.summary(ctx, p, history.ppks),
      domicile:
        current ??
        (p.domicileVillageCode ? { villageCode: p.domicileVillageCode, address: null, from: null, to: null } : null),
      kkNumbers: history.kk.map((k) => ({
        number: this.identityNumber(ctx, k.kkEncrypted, PII_CONTEXTS.kk) ?? '',
        from: k.validFrom,
        to: k.validTo,
      })),
      domicileHistory,
    };
  }
}
