/** `YYYY-MM-DD`; DTOs pair it with `@IsISO8601({ strict: true })` so that 2026-02-30 is refused too. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `@Transform(trim)`: surrounding spaces of a string are not part of the value. */
export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** `@Transform(trimAndCollapse)`: for names, where runs of spaces inside are typing noise too. */
export const trimAndCollapse = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;

/** `@Transform(trimAndCollapseSpaces)`: like trimAndCollapse but keeps line breaks, for multi-line text. */
export const trimAndCollapseSpaces = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().replace(/[ \t]+/g, ' ') : value;
