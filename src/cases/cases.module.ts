import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '../persons/persons.module';
import { RegionsModule } from '../regions/regions.module';
import { AftercareController } from './aftercare.controller';
import { AftercareService } from './aftercare.service';
import { AssessmentsService } from './assessments.service';
import { CaseQueries } from './case-queries.service';
import { CaseTimeline } from './case-timeline';
import {
  Case,
  CaseAssessment,
  CaseEscalation,
  CaseEvent,
  CaseFollowUp,
  CaseResidence,
  CaseStage,
  CaseVisit,
} from './case.entities';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { ResidenceService } from './residence.service';
import { CasesResolver } from './cases.resolver';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Case,
      CaseStage,
      CaseResidence,
      CaseEvent,
      CaseAssessment,
      CaseFollowUp,
      CaseVisit,
      CaseEscalation,
    ]),
    PersonsModule,
    RegionsModule,
  ],
  controllers: [CasesController, AftercareController],
  providers: [
    CasesService,
    ResidenceService,
    CaseTimeline,
    CaseQueries,
    CasesResolver,
    AssessmentsService,
    AftercareService,
  ],
  exports: [CasesService, CaseTimeline, AssessmentsService, AftercareService],
})
export class CasesModule {}
