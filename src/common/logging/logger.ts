import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { LogLevel } from '../../config/app-config';

/** Never let secrets or personal identifiers reach the logs, whatever a caller sends. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  '*.password',
  '*.newPassword',
  '*.client_secret',
  '*.clientSecret',
  '*.refresh_token',
  '*.nik',
  '*.kk',
];

export function createPinoLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'jejaring' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
  });
}

/** Routes Nest's own logging into the same pino JSON stream as Fastify's request logs. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, context) or (message, stack, context).
    const context = rest.length > 0 ? String(rest[rest.length - 1]) : undefined;
    const trace = rest.length > 1 && rest[0] !== undefined ? String(rest[0]) : undefined;
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    context?: string,
    trace?: string,
  ): void {
    if (message !== null && typeof message === 'object') {
      this.logger[level]({ context, ...(message as object), ...(trace ? { trace } : {}) });
    } else {
      this.logger[level]({ context, ...(trace ? { trace } : {}) }, String(message));
    }
  }
}
