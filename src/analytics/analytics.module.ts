import { Module } from '@nestjs/common';
import { AnalyticsFilterResolver } from './analytics-filter';
import { AnalyticsResolver } from './analytics.resolver';
import { AnalyticsService } from './analytics.service';
import { REPORT_RESOLVERS } from './reports';

@Module({
  providers: [AnalyticsFilterResolver, AnalyticsService, AnalyticsResolver, ...REPORT_RESOLVERS],
})
export class AnalyticsModule {}
