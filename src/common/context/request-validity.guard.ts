import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppException } from '../errors/app-exception';
import { CommonErrorCode } from '../errors/common.errors';
import { requestOf } from './request-context';

/**
 * Refuses requests whose headers the service cannot honour (a malformed Accept-Language) before any handler runs.
 * Registered first among the global guards.
 */
@Injectable()
export class RequestValidityGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (requestOf(context).ctx?.invalidAcceptLanguage) {
      throw new AppException(CommonErrorCode.INVALID_ACCEPT_LANGUAGE);
    }
    return true;
  }
}
