import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { PRODUCT_CATEGORIES, PRODUCT_STATUSES } from '../marketplace.entities';
import { ORDER_STATUSES } from '../order-lifecycle';
import { trim } from '../../common/validation/transforms';

/** Whole Rupiah; the cap keeps every sum exact in a JS number. */
export const MAX_RUPIAH = 1_000_000_000;
const MAX_QUANTITY = 100_000;

export class CreateProductDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Default: the caller's organisation" })
  @IsOptional()
  @IsUUID()
  sellerOrganizationId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Persons who make it (1..50)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  makerPersonIds?: string[];

  @ApiPropertyOptional({ description: 'A named group of makers (e.g. "Kelompok Keset Sumber Rejeki")' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  makerGroup?: string;

  @ApiProperty({ enum: PRODUCT_CATEGORIES })
  @IsIn(PRODUCT_CATEGORIES)
  category: string;

  @ApiProperty({ example: 'Keset kain perca' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ description: 'Unit price, whole Rupiah', minimum: 1, maximum: MAX_RUPIAH })
  @IsInt()
  @Min(1)
  @Max(MAX_RUPIAH)
  priceIdr: number;

  @ApiProperty({ minimum: 0, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  stock: number;
}

/** Makers can only change while the product is a draft: a published product's makers gave their consent. */
export class UpdateProductDto {
  @ApiPropertyOptional({ enum: PRODUCT_CATEGORIES })
  @IsOptional()
  @IsIn(PRODUCT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RUPIAH })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RUPIAH)
  priceIdr?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Only while DRAFT' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  makerPersonIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  makerGroup?: string;
}

export class StockAdjustmentDto {
  @ApiProperty({ description: 'Added to the stock (negative removes); the stock never goes below 0' })
  @IsInt()
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  delta: number;

  @ApiProperty({ example: 'Produksi minggu ini' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  note: string;
}

export class ListProductsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['published', 'selling'],
    description: 'published (default): the catalogue; selling: products of sellers in your scope, any status',
  })
  @IsOptional()
  @IsIn(['published', 'selling'])
  view?: 'published' | 'selling';

  @ApiPropertyOptional({ enum: PRODUCT_CATEGORIES })
  @IsOptional()
  @IsIn(PRODUCT_CATEGORIES)
  category?: string;
}

export class ProductMakerView {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty() name: string;
}

export class ProductResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sellerOrganizationId: string;
  @ApiProperty({ enum: PRODUCT_CATEGORIES }) category: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description: string | null;
  @ApiProperty() priceIdr: number;
  @ApiProperty() stock: number;
  @ApiProperty({ enum: PRODUCT_STATUSES }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String }) makerGroup: string | null;
  @ApiProperty() makerCount: number;
  @ApiPropertyOptional({
    type: [ProductMakerView],
    nullable: true,
    description: "Names of the makers: only for callers in the seller's scope; null for buyers",
  })
  makers: ProductMakerView[] | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class ProductPage extends PageOf(ProductResponse) {}

export class OrderLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class CreateOrderDto {
  @ApiProperty({ type: [OrderLineDto], description: 'Products of one seller, each at most once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines: OrderLineDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class OrderActionDto {
  @ApiPropertyOptional({ description: 'pay: the day the money arrived (default today)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  paidOn?: string;

  @ApiPropertyOptional({ description: 'pay: transfer or receipt reference' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  paymentReference?: string;
}

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['buying', 'selling'], description: "Relative to the caller's organisation" })
  @IsOptional()
  @IsIn(['buying', 'selling'])
  side?: 'buying' | 'selling';

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: string;
}

export class OrderLineView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() productName: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unitPriceIdr: number;
  @ApiProperty() amountIdr: number;
}

export class OrderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) buyerOrganizationId: string;
  @ApiProperty({ format: 'uuid' }) sellerOrganizationId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty({ type: [OrderLineView] }) lines: OrderLineView[];
  @ApiProperty() totalIdr: number;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) paidOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) paymentReference: string | null;
  @ApiProperty({ type: [String] }) allowedActions: string[];
  @ApiProperty() statusChangedAt: Date;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class OrderPage extends PageOf(OrderResponse) {}

export class MakerRevenueLine {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) name: string | null;
  @ApiProperty() amountIdr: number;
}

export class ProductRevenueResponse {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ description: 'Paid orders and event sales' }) totalIdr: number;
  @ApiProperty({ type: [MakerRevenueLine] }) makers: MakerRevenueLine[];
}

export class MakerRevenueQuery {
  @ApiPropertyOptional({ description: 'Calendar year (default: all years)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class MakerRevenueEntry {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() productName: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) orderId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) eventSaleId: string | null;
  @ApiProperty() amountIdr: number;
  @ApiProperty() earnedOn: string;
}

export class PersonMakerRevenueResponse {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) year: number | null;
  @ApiProperty() totalIdr: number;
  @ApiProperty({ type: [MakerRevenueEntry] }) data: MakerRevenueEntry[];
}

export class CreateMarketEventDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Default: the caller's organisation" })
  @IsOptional()
  @IsUUID()
  organizerOrganizationId?: string;

  @ApiProperty({ example: 'Bazar UMKM Hari Jadi Kota Kediri' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2026-07-25' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startsOn: string;

  @ApiProperty({ example: '2026-07-27' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  endsOn: string;

  @ApiProperty({ example: '3571011010' })
  @Matches(/^\d{10}$/)
  villageCode: string;

  @ApiProperty({ example: 'Alun-alun Kota Kediri' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  place: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  makerPersonIds?: string[];
}

export class EventSaleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiProperty({ description: 'What was taken, whole Rupiah' })
  @IsInt()
  @Min(0)
  @Max(MAX_RUPIAH)
  amountIdr: number;

  @ApiPropertyOptional({ description: 'Default: today' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  soldOn?: string;
}

export class EventSaleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() quantity: number;
  @ApiProperty() amountIdr: number;
  @ApiProperty() soldOn: string;
}

export class MarketEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizerOrganizationId: string;
  @ApiProperty() name: string;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty() villageCode: string;
  @ApiProperty() place: string;
  @ApiProperty({ type: [String], format: 'uuid' }) makerPersonIds: string[];
  @ApiProperty({ type: [EventSaleView] }) sales: EventSaleView[];
  @ApiProperty() salesTotalIdr: number;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class MarketEventPage extends PageOf(MarketEventResponse) {}
