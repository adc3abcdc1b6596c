import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '../persons/persons.module';
import { MarketEventsService } from './market-events.service';
import { MarketplaceScope } from './marketplace-scope';
import { MarketplaceController } from './marketplace.controller';
import { MarketEvent, Order, Product } from './marketplace.entities';
import { MarketplaceResolver } from './marketplace.resolver';
import { OrdersService } from './orders.service';
import { ProductsService } from './products.service';

@Module({
  imports: [TypeOrmModule.forFeature([Product, Order, MarketEvent]), PersonsModule],
  controllers: [MarketplaceController],
  providers: [MarketplaceScope, ProductsService, OrdersService, MarketEventsService, MarketplaceResolver],
})
export class MarketplaceModule {}
