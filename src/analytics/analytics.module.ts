import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { AnalyticsFilterResolver } from './analytics-filter';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsResolver } from './analytics.resolver';
import { AnalyticsService } from './analytics.service';
import { BusinessStatusRefresher } from './business-status.refresher';
import { REPORT_RESOLVERS } from './reports';

@Module({
  // BusinessesModule: the growth thresholds (BusinessView) for the materialised monthly statuses.
  imports: [BusinessesModule],
  controllers: [AnalyticsController],
  providers: [
    AnalyticsFilterResolver,
    AnalyticsService,
    AnalyticsResolver,
    BusinessStatusRefresher,
    ...REPORT_RESOLVERS,
  ],
  exports: [BusinessStatusRefresher],
})
export class AnalyticsModule {}
