import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PpksController } from './ppks.controller';
import { PpksCategory, PsksType } from './ppks.entities';
import { PpksService } from './ppks.service';

@Module({
  imports: [TypeOrmModule.forFeature([PpksCategory, PsksType])],
  controllers: [PpksController],
  providers: [PpksService],
  exports: [TypeOrmModule],
})
export class PpksModule {}
