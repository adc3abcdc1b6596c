import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { PersonsModule } from '../persons/persons.module';
import { RegionsModule } from '../regions/regions.module';
import { BusinessGraduationService } from './business-graduation.service';
import { BusinessReportsService } from './business-reports.service';
import { BusinessScope } from './business-scope';
import { BusinessView } from './business-view';
import { Business, BusinessReport, BusinessReportRevision } from './business.entities';
import { BusinessesController } from './businesses.controller';
import { BusinessesResolver } from './businesses.resolver';
import { BusinessesService } from './businesses.service';

/** Businesses of eks klien, their monthly monitoring, derived growth status and graduation (DESIGN.md §4). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Business, BusinessReport, BusinessReportRevision]),
    PersonsModule,
    RegionsModule,
    CasesModule,
  ],
  controllers: [BusinessesController],
  providers: [
    BusinessesService,
    BusinessReportsService,
    BusinessGraduationService,
    BusinessScope,
    BusinessView,
    BusinessesResolver,
  ],
  exports: [BusinessesService, BusinessView, BusinessReportsService],
})
export class BusinessesModule {}
