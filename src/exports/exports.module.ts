import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { CasesModule } from '../cases/cases.module';
import { GrantsModule } from '../grants/grants.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PasungModule } from '../pasung/pasung.module';
import { PersonsModule } from '../persons/persons.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { ExportResources } from './export-resources';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** CSV/XLSX exports of the lists (issue 9 item 2, docs/exports.md), on the shared tabular writer. */
@Module({
  imports: [
    PersonsModule,
    CasesModule,
    ReferralsModule,
    GrantsModule,
    BusinessesModule,
    PasungModule,
    TrainingsModule,
    OrganizationsModule,
  ],
  controllers: [ExportsController],
  providers: [ExportsService, ExportResources],
})
export class ExportsModule {}
