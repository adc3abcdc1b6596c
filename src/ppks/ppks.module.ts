import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PpksController } from './ppks.controller';
import { PpksCategory, PsksType } from './ppks.entities';

@Module({
  imports: [TypeOrmModule.forFeature([PpksCategory, PsksType])],
  controllers: [PpksController],
  exports: [TypeOrmModule],
})
export class PpksModule {}
