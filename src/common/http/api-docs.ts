import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

export class ProblemFieldError {
  @ApiProperty({ example: 'regionCode' }) field: string;
  @ApiProperty({ example: 'harus berupa teks' }) message: string;
}

/** RFC 9457 problem details as this API sends them. */
export class ProblemDocument {
  @ApiProperty({
    example: '/problems/validation-failed',
    description: 'Relative URI of the problem type (docs/errors.md)',
  })
  type: string;
  @ApiProperty({ example: 'Data tidak valid' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'Ada isian yang tidak valid; lihat errors[].' }) detail: string;
  @ApiProperty({ example: '/api/v1/organizations' }) instance: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' }) code: string;
  @ApiPropertyOptional({ description: 'X-Request-Id of the request' }) requestId?: string;
  @ApiPropertyOptional({ description: 'Present on 500: quote it to the administrator' }) errorId?: string;
  @ApiPropertyOptional({ type: [ProblemFieldError] }) errors?: ProblemFieldError[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: malformed value, unknown field, bad cursor or header',
  401: 'Missing, expired or invalid access token',
  403: 'The caller lacks the permission',
  404: "Not found, or outside the caller's scope",
  409: 'Conflicts with the current state',
  412: 'If-Match is stale',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Refers to something that does not exist, or Idempotency-Key reused with another body',
  428: 'If-Match is required',
  429: 'Rate limit reached (see Retry-After)',
};

/** Documents problem+json answers; every operation also gets 400 and 500 from `documentCommonProblems`. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDocument),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDocument) } } },
      }),
    ),
  );
}

/** Documents `Idempotency-Key` on a POST. */
export function ApiIdempotent(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retry-safe key (1–255 visible ASCII). A replay returns the first response; another body → 422.',
    }),
  );
}
