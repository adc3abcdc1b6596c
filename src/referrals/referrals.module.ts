import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { PersonsModule } from '../persons/persons.module';
import { ReferralEscalations } from './referral-escalations.service';
import { ReferralView } from './referral-view';
import { Referral } from './referral.entity';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [TypeOrmModule.forFeature([Referral]), PersonsModule, CasesModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralView, ReferralEscalations],
  exports: [ReferralsService],
})
export class ReferralsModule {}
