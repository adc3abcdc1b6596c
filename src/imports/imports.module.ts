import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessesModule } from '../businesses/businesses.module';
import { CasesModule } from '../cases/cases.module';
import { PersonsModule } from '../persons/persons.module';
import { RegionsModule } from '../regions/regions.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { ImportJob, ImportRowError } from './import-job.entity';
import { ImportJobRecords } from './import-job-records';
import { ImportRetention } from './import-retention.service';
import { ImportRunner } from './import-runner.service';
import { ImportUploads } from './import-upload.service';
import { ImportWake } from './import-wake';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { AttendanceImport } from './kinds/attendance.kind';
import { BusinessReportsImport } from './kinds/business-reports.kind';
import { EksKlienImport } from './kinds/eks-klien.kind';
import { PersonsImport } from './kinds/persons.kind';

/**
 * Bulk imports (docs/imports.md): uploads streamed into PostgreSQL, jobs run on the job queue, one handler per kind
 * that reuses the services and rules of its module.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ImportJob, ImportRowError]),
    PersonsModule,
    CasesModule,
    BusinessesModule,
    TrainingsModule,
    RegionsModule,
  ],
  controllers: [ImportsController],
  providers: [
    ImportsService,
    ImportUploads,
    ImportRunner,
    ImportJobRecords,
    ImportWake,
    ImportRetention,
    PersonsImport,
    EksKlienImport,
    BusinessReportsImport,
    AttendanceImport,
  ],
  exports: [ImportRunner],
})
export class ImportsModule {}
