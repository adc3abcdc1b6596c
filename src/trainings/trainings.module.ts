import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { PersonsModule } from '../persons/persons.module';
import { EnrolmentsService } from './enrolments.service';
import { Training, TrainingAttendance, TrainingEnrolment, TrainingSession, TrainingSkill } from './training.entities';
import { TrainingsController } from './trainings.controller';
import { TrainingsResolver } from './trainings.resolver';
import { TrainingsService } from './trainings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([TrainingSkill, Training, TrainingSession, TrainingEnrolment, TrainingAttendance]),
    PersonsModule,
    CasesModule,
  ],
  controllers: [TrainingsController],
  providers: [TrainingsService, EnrolmentsService, TrainingsResolver],
  exports: [TrainingsService, EnrolmentsService],
})
export class TrainingsModule {}
