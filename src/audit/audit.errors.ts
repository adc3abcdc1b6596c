import { registerErrors } from '../common/errors/app-exception';

export enum AuditErrorCode {
  AUDIT_INVALID_TIME_RANGE = 'AUDIT_INVALID_TIME_RANGE',
}

export const AUDIT_ERRORS = registerErrors<AuditErrorCode>({
  AUDIT_INVALID_TIME_RANGE: {
    status: 400,
    title: { id: 'Rentang waktu tidak valid', en: 'Invalid time range' },
    detail: {
      id: 'from ({from}) harus sebelum atau sama dengan to ({to}).',
      en: 'from ({from}) must not be later than to ({to}).',
    },
  },
});
