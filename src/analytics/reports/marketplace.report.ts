import { Args, Field, ObjectType, Parent, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../../common/context/request-context';
import { AnalyticsService } from '../analytics.service';
import { GqlFigure, GqlSeriesPoint, ReportParent } from '../analytics.types';
import { Measure, ReportDefinition, SqlBuilder, TableSpec } from '../report-table';

/**
 * Marketplace report (docs/analytics.md#marketplace): sales of eks klien products by product category and by buyer
 * type. A sale is a line of a PAID order (on its payment day) or a sale recorded at a market event (on its day);
 * it is placed in the area of the organisation selling the product. Buyers are organisations (their type); event
 * sales are to visitors (`EVENT_VISITOR`). Makers are never read.
 */

/** An organisation is in an area when its region code reaches the breakdown level (see the referrals report). */
const placed = (q: SqlBuilder, codeExpr: string): string => `length(${codeExpr}) >= ${q.f.areaLength}`;

/** Sales within the filter's period by sellers in its region: one row per order line or event sale. */
const sales = (q: SqlBuilder): string => `
  SELECT so.region_code, p.category, bo.type AS buyer_type, l.quantity, l.amount_idr, o.paid_on AS sold_on
  FROM orders o
  JOIN order_lines l ON l.order_id = o.id
  JOIN products p ON p.id = l.product_id
  JOIN organizations so ON so.id = p.seller_organization_id
  JOIN organizations bo ON bo.id = o.buyer_organization_id
  WHERE o.status = 'PAID' AND ${q.inPeriod('o.paid_on')} AND ${q.inRegion('so.region_code')}
  UNION ALL
  SELECT so.region_code, p.category, 'EVENT_VISITOR', s.quantity, s.amount_idr, s.sold_on
  FROM market_event_sales s
  JOIN products p ON p.id = s.product_id
  JOIN organizations so ON so.id = p.seller_organization_id
  WHERE ${q.inPeriod('s.sold_on')} AND ${q.inRegion('so.region_code')}`;

/** Items and Rupiah are amounts over the counted sales: hidden with them, and protected against subtraction. */
const salesMeasures: Measure[] = [
  { key: 'sales', header: 'sales', kind: 'count' },
  { key: 'items', header: 'items_sold', kind: 'sum', basis: 'sales' },
  { key: 'revenueIdr', header: 'revenue_idr', kind: 'sum', basis: 'sales' },
];

const SALES_COLUMNS = `count(*) AS sales, sum(quantity) AS items, sum(amount_idr) AS "revenueIdr"`;

const byCategory: TableSpec = {
  name: 'byCategory',
  description: 'Sales within the period per product category and area of the seller',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'category', header: 'product_category' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: salesMeasures,
  fill: { areas: true },
  sql: (q) => `
    SELECT ${q.area('region_code')} AS "regionCode", category, ${SALES_COLUMNS}
    FROM (${sales(q)}) s
    WHERE ${placed(q, 'region_code')}
    GROUP BY 1, 2
    ORDER BY 1, 2`,
};

const byBuyerType: TableSpec = {
  name: 'byBuyerType',
  description:
    'Sales within the period per buyer type (the buying organisation’s type, EVENT_VISITOR at market events) and ' +
    'area of the seller',
  dimensions: [
    { key: 'regionCode', header: 'region_code' },
    { key: 'buyerType', header: 'buyer_type' },
  ],
  labels: [{ key: 'regionName', header: 'region_name' }],
  measures: salesMeasures,
  fill: { areas: true },
  sql: (q) => `
    SELECT ${q.area('region_code')} AS "regionCode", buyer_type AS "buyerType", ${SALES_COLUMNS}
    FROM (${sales(q)}) s
    WHERE ${placed(q, 'region_code')}
    GROUP BY 1, 2
    ORDER BY 1, 2`,
};

export const MARKETPLACE_REPORT: ReportDefinition = {
  name: 'marketplace',
  title: 'Marketplace: sales by product category and by buyer type',
  tables: [byCategory, byBuyerType],
  series: [
    {
      measure: 'SALES',
      description: 'Sales (paid order lines and market event sales) in each period, placed by the seller',
      kind: 'count',
      // Rupiah has no series: a series point has no count beside it to suppress a lone sale's amount with.
      sql: (q) => `
        SELECT ${q.period('sold_on')} AS period ${q.seriesArea('region_code')}, count(*) AS value
        FROM (${sales(q)}) s
        ${q.byRegion ? `WHERE ${placed(q, 'region_code')}` : ''}
        GROUP BY period ${q.seriesAreaGroup}`,
    },
  ],
};

enum MarketplaceMeasure {
  SALES = 'SALES',
}
registerEnumType(MarketplaceMeasure, { name: 'MarketplaceMeasure' });

@ObjectType('MarketplaceSales', { isAbstract: true })
abstract class GqlSales {
  @Field() regionCode: string;
  @Field() regionName: string;
  @Field(() => GqlFigure, { description: 'Paid order lines and market event sales' }) sales: GqlFigure;
  @Field(() => GqlFigure, { description: 'Items sold' }) items: GqlFigure;
  @Field(() => GqlFigure, { description: 'Amount in Rupiah' }) revenueIdr: GqlFigure;
}

@ObjectType('MarketplaceSalesByCategory')
class GqlByCategory extends GqlSales {
  @Field({ description: 'KESET, MANIK_MANIK, TEKSTIL, KULINER, KERAJINAN or OTHER' }) category: string;
}

@ObjectType('MarketplaceSalesByBuyerType')
class GqlByBuyerType extends GqlSales {
  @Field({ description: 'Organisation type of the buyer (REGENCY_OFFICE, GOVERNMENT_OFFICE, …) or EVENT_VISITOR' })
  buyerType: string;
}

@ObjectType('MarketplaceReport')
export class GqlMarketplaceReport {}

@Resolver(() => GqlMarketplaceReport)
export class MarketplaceReportResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @ResolveField(() => [GqlByCategory], { description: byCategory.description })
  byCategory(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, MARKETPLACE_REPORT, 'byCategory');
  }

  @ResolveField(() => [GqlByBuyerType], { description: byBuyerType.description })
  byBuyerType(@Ctx() ctx: RequestContext, @Parent() r: ReportParent): Promise<unknown[]> {
    return this.analytics.tableOf(ctx, r.filter, MARKETPLACE_REPORT, 'byBuyerType');
  }

  @ResolveField(() => [GqlSeriesPoint], { description: 'One measure per period of the filter' })
  series(
    @Ctx() ctx: RequestContext,
    @Parent() r: ReportParent,
    @Args('measure', { type: () => MarketplaceMeasure }) measure: MarketplaceMeasure,
    @Args('byRegion', { defaultValue: false, description: 'One point per period and area' }) byRegion: boolean,
  ): Promise<GqlSeriesPoint[]> {
    return this.analytics.seriesOf(ctx, r.filter, MARKETPLACE_REPORT, measure, byRegion);
  }
}
