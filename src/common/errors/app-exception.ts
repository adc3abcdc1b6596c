import { LocalizedText, MessageParams } from '../i18n';

/** One field's validation failure, as listed in a problem's `errors[]`. */
export interface FieldError {
  field: string;
  message: LocalizedText;
}

export interface ErrorEntry {
  status: number;
  title: LocalizedText;
  detail: LocalizedText;
}

/** A module's error codes, each with its HTTP status and messages; `Record` makes the mapping exhaustive. */
export type ErrorCatalog<C extends string> = Record<C, ErrorEntry>;

const registry = new Map<string, ErrorEntry>();

/**
 * Registers a module's catalog with the problem filter. Codes are global, so a duplicate is a programming error
 * caught at load time.
 */
export function registerErrors<C extends string>(catalog: ErrorCatalog<C>): ErrorCatalog<C> {
  for (const [code, entry] of Object.entries(catalog) as [string, ErrorEntry][]) {
    const existing = registry.get(code);
    if (existing && existing !== entry) throw new Error(`Error code ${code} is registered twice`);
    registry.set(code, entry);
  }
  return catalog;
}

export function errorEntry(code: string): ErrorEntry | undefined {
  return registry.get(code);
}

export function registeredErrorCodes(): string[] {
  return [...registry.keys()];
}

/** A domain error: a registered code plus the values its messages mention. Mapped to problem+json by one filter. */
export class AppException extends Error {
  constructor(
    readonly code: string,
    readonly params: MessageParams = {},
    readonly fieldErrors?: FieldError[],
    /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
    readonly headers?: Record<string, string>,
    /** RFC 9457 extension members added to the problem body, e.g. `existingPersonId`. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(code);
    this.name = 'AppException';
  }
}
