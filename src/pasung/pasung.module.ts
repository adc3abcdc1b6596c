import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '../persons/persons.module';
import { RegionsModule } from '../regions/regions.module';
import { PasungCaseEvent } from './pasung-case-event.entity';
import { PasungCase } from './pasung-case.entity';
import { PasungCasesController } from './pasung-cases.controller';
import { PasungCasesService } from './pasung-cases.service';
import { PasungInput } from './pasung-input.validator';
import { PasungScope } from './pasung-scope';
import { PasungStatsService } from './pasung-stats.service';
import { PasungTimelineService } from './pasung-timeline.service';
import { PasungView } from './pasung-view';

/** Bebas Pasung cases and their status timeline (DESIGN.md §3, §4). */
@Module({
  imports: [TypeOrmModule.forFeature([PasungCase, PasungCaseEvent]), PersonsModule, RegionsModule],
  controllers: [PasungCasesController],
  providers: [PasungCasesService, PasungTimelineService, PasungStatsService, PasungInput, PasungScope, PasungView],
  exports: [PasungCasesService],
})
export class PasungModule {}
