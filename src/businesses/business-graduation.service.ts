import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entities';
import { CasesService } from '../cases/cases.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Person } from '../persons/person.entity';
import { PersonsService } from '../persons/persons.service';
import { BusinessView } from './business-view';
import { Business, BusinessReport } from './business.entities';
import { BusinessesService } from './businesses.service';
import { BusinessErrorCode } from './businesses.errors';
import { BusinessResponse, GraduateDto } from './dto/business.dto';
import { meetsGraduationRule } from './growth-status';

/**
 * Graduation (DESIGN.md §4): an officer confirms what the service proposes. The person's open COMMUNITY cases close
 * with outcome MANDIRI and their active PPKS categories end today: they are no longer PPKS.
 */
@Injectable()
export class BusinessGraduationService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly businesses: BusinessesService,
    private readonly businessView: BusinessView,
    private readonly cases: CasesService,
    private readonly persons: PersonsService,
  ) {}

  async graduate(ctx: RequestContext, id: string, dto: GraduateDto): Promise<BusinessResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const business = await this.businesses.load(ctx, em, id, true);
      if (business.graduatedOn) {
        throw new AppException(BusinessErrorCode.BUSINESS_ALREADY_GRADUATED, { graduatedOn: business.graduatedOn });
      }
      // Reports are read under the business lock, which every report write takes too.
      const reports = await em.getRepository(BusinessReport).find({ where: { businessId: id } });
      const rule = this.businessView.graduationRule;
      if (!meetsGraduationRule(reports, rule)) {
        throw new AppException(BusinessErrorCode.BUSINESS_GRADUATION_NOT_MET, {
          minNetIncomeIdr: rule.minNetIncomeIdr.toLocaleString('id-ID'),
          months: rule.months,
        });
      }
      // The business is in scope, which authorises the graduation; the person is locked so a concurrent change of
      // their PPKS categories cannot interleave.
      const person = await em
        .getRepository(Person)
        .createQueryBuilder('p')
        .where('p.id = :id', { id: business.personId })
        .setLock('pessimistic_write')
        .getOneOrFail();
      this.persons.assertWritable(person);
      const today = this.businessView.today(business);
      // Every open community case of the person, whoever manages it: graduation ends their status as PPKS.
      const open = await em
        .getRepository(Case)
        .createQueryBuilder('c')
        .where(`c.person_id = :personId AND c.kind = 'COMMUNITY' AND c.status = 'OPEN'`, { personId: person.id })
        .orderBy('c.id')
        .setLock('pessimistic_write')
        .getMany();
      for (const c of open) {
        await this.cases.closeCase(ctx, em, c, 'MANDIRI', today >= c.openedOn ? today : c.openedOn, dto.note);
      }
      await em.query(
        `UPDATE person_ppks_categories SET until = GREATEST($2::date, COALESCE(since, $2::date))
         WHERE person_id = $1 AND until IS NULL`,
        [person.id, today],
      );
      business.graduatedOn = today;
      business.graduatedBy = principal.id;
      business.graduationNote = dto.note;
      await em.getRepository(Business).save(business);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'business',
        resourceId: id,
        personId: person.id,
        changedFields: ['graduation'],
        purpose: `GRADUATION: ${open.length} case(s) closed MANDIRI`,
      });
      const [view] = await this.businessView.views(em, [await this.businesses.load(ctx, em, id)]);
      return view;
    });
  }
}
