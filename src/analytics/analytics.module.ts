import { Module } from '@nestjs/common';
import { AnalyticsFilterResolver } from './analytics-filter';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsResolver } from './analytics.resolver';
import { AnalyticsService } from './analytics.service';
import { REPORT_RESOLVERS } from './reports';

@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsFilterResolver, AnalyticsService, AnalyticsResolver, ...REPORT_RESOLVERS],
})
export class AnalyticsModule {}
