import { Module } from '@nestjs/common';
import { PublicSurveysController, SurveysController } from './surveys.controller';
import { SurveysService } from './surveys.service';

@Module({
  controllers: [SurveysController, PublicSurveysController],
  providers: [SurveysService],
})
export class SurveysModule {}
