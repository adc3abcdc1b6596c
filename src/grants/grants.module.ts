import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '../persons/persons.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { AssetsService } from './assets.service';
import { BudgetsService } from './budgets.service';
import { GrantCriteria } from './grant-criteria';
import { GrantScope } from './grant-scope';
import {
  Grant,
  GrantAsset,
  GrantAssetEvent,
  GrantBudget,
  GrantBudgetTopUp,
  GrantEvent,
  GrantItem,
} from './grant.entities';
import { GrantsController } from './grants.controller';
import { GrantsResolver } from './grants.resolver';
import { GrantsService } from './grants.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      GrantBudget,
      GrantBudgetTopUp,
      Grant,
      GrantItem,
      GrantEvent,
      GrantAsset,
      GrantAssetEvent,
    ]),
    PersonsModule,
    TrainingsModule,
  ],
  controllers: [GrantsController],
  providers: [BudgetsService, GrantsService, AssetsService, GrantCriteria, GrantScope, GrantsResolver],
  exports: [GrantsService, BudgetsService, AssetsService],
})
export class GrantsModule {}
