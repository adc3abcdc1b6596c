import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module';
import { PersonDomicile, PersonKkNumber, PersonPpksCategory } from './person-history.entities';
import { PersonDuplicates } from './person-duplicates.service';
import { PersonInputValidator } from './person-input.validator';
import { PersonMergeService } from './person-merge.service';
import { PersonView } from './person-view';
import { Person } from './person.entity';
import { PersonsController } from './persons.controller';
import { PersonsResolver } from './persons.resolver';
import { PersonsService } from './persons.service';
import { PiiModule } from './pii/pii.module';
import { ConsentsController } from './consents.controller';
import { Consent } from './consent.entity';
import { ConsentsService } from './consents.service';
import { DataSubjectRightsController } from './data-subject-rights.controller';
import { DataSubjectRequest } from './data-subject-request.entity';
import { DataSubjectRightsService } from './data-subject-rights.service';
import { PersonRightsActions } from './person-rights-actions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Person, PersonKkNumber, PersonDomicile, PersonPpksCategory, Consent, DataSubjectRequest]),
    RegionsModule,
    PiiModule,
  ],
  controllers: [PersonsController, ConsentsController, DataSubjectRightsController],
  providers: [
    PersonsService,
    PersonView,
    PersonDuplicates,
    PersonInputValidator,
    PersonMergeService,
    PersonsResolver,
    ConsentsService,
    DataSubjectRightsService,
    PersonRightsActions,
  ],
  exports: [PersonsService, ConsentsService, PersonView, PiiModule],
})
export class PersonsModule {}
