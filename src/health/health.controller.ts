import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { ApiProblems } from '../common/http/api-docs';
import { Public } from '../identity/decorators';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: string;
}

class ReadinessResponse extends HealthResponse {
  @ApiProperty({ example: true }) database: boolean;
  @ApiProperty({ example: 0, description: 'Migrations known to this build but not applied' }) pendingMigrations: number;
}

@ApiTags('health')
@Public()
@ApiProblems(400)
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthResponse })
  live(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: the database answers and every migration of this build is applied' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiProblems(503)
  async ready(): Promise<ReadinessResponse> {
    try {
      const rows: { name: string }[] = await this.dataSource.query('SELECT name FROM migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = this.dataSource.migrations.filter((m) => !applied.has(m.name ?? m.constructor.name)).length;
      if (pending > 0) throw new Error(`${pending} migrations pending`);
      return { status: 'ok', database: true, pendingMigrations: 0 };
    } catch {
      throw new AppException(CommonErrorCode.SERVICE_UNAVAILABLE);
    }
  }
}
