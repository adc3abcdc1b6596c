import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { BusinessesModule } from './businesses/businesses.module';
import { CasesModule } from './cases/cases.module';
import { CommonModule } from './common/common.module';
import { RequestValidityGuard } from './common/context/request-validity.guard';
import { ProblemFilter } from './common/errors/problem.filter';
import { graphiqlLandingPage } from './common/graphql/graphiql';
import { GraphQLContext } from './common/graphql/loaders';
import { graphqlProtection } from './common/graphql/protection';
import { TransactionInterceptor } from './common/idempotency/transaction.interceptor';
import { createValidationPipe } from './common/validation/validation';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { ExportsModule } from './exports/exports.module';
import { HealthController } from './health/health.controller';
import { ImportsModule } from './imports/imports.module';
import { AuthGuard } from './identity/auth.guard';
import { IdentityModule } from './identity/identity.module';
import { MarketplaceModule } from './marketplace/marketplace.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { IntegrationModule } from './integration/integration.module';
import { PasungModule } from './pasung/pasung.module';
import { PersonsModule } from './persons/persons.module';
import { PpksModule } from './ppks/ppks.module';
import { ReferralsModule } from './referrals/referrals.module';
import { RegionsModule } from './regions/regions.module';
import { TrainingsModule } from './trainings/trainings.module';
import { GrantsModule } from './grants/grants.module';
import { SurveysModule } from './surveys/surveys.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const protection = graphqlProtection(config.isProduction);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), autoLoadEntities: true, logging: ['error'] }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          // Built in memory; `npm run schema:gql` writes schema.gql and a test keeps the two equal.
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: false,
          playground: false,
          introspection: !config.isProduction,
          includeStacktraceInErrorResponses: false,
          // One operation per request: batching would multiply every limit below by the batch size.
          allowBatchedHttpRequests: false,
          validationRules: protection.validationRules,
          parseOptions: protection.parseOptions,
          plugins: [...protection.plugins, ...(config.isProduction ? [] : [graphiqlLandingPage()])],
          context: (request: FastifyRequest): GraphQLContext => ({ req: request, loaders: new Map() }),
        }),
        CommonModule,
        AuditModule,
        IdentityModule,
        RegionsModule,
        PpksModule,
        OrganizationsModule,
        PersonsModule,
        IntegrationModule,
        CasesModule,
        ReferralsModule,
        PasungModule,
        BusinessesModule,
        TrainingsModule,
        MarketplaceModule,
        GrantsModule,
        SurveysModule,
        AnalyticsModule,
        ImportsModule,
        ExportsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: RequestValidityGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: TransactionInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
