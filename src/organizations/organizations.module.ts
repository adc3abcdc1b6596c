import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module';
import { HsdsController } from './hsds.controller';
import { HsdsAccessGuard } from './hsds.guard';
import { HsdsFeedService } from './hsds.service';
import { Organization } from './organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsResolver } from './organizations.resolver';
import { OrganizationsService } from './organizations.service';
import { Partnership } from './partnership.entity';
import { PartnershipsController } from './partnerships.controller';
import { PartnershipsService } from './partnerships.service';
import { Service } from './service.entity';
import { ServiceCategory } from './service-category.entity';
import { ServicesController } from './services.controller';
import { ServicesService } from './services.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, Service, ServiceCategory, Partnership]), RegionsModule],
  controllers: [OrganizationsController, ServicesController, PartnershipsController, HsdsController],
  providers: [
    OrganizationsService,
    OrganizationsResolver,
    ServicesService,
    PartnershipsService,
    HsdsFeedService,
    HsdsAccessGuard,
  ],
  exports: [OrganizationsService, ServicesService],
})
export class OrganizationsModule {}
