/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_SECONDS = 3600;
/** A delivery is retried until a failed attempt at or after this long since the event (or a redelivery). */
export const RETRY_WINDOW_HOURS = 24;

/**
 * Seconds to wait after failed attempt number `attempt` (1-based): base, 2×base, 4×base, … capped at one hour.
 * With the default base of 30 s: 30 s, 1 min, 2 min, 4 min, … 32 min, then hourly until the 24-hour window ends.
 */
export function retryDelaySeconds(attempt: number, baseSeconds: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(baseSeconds * 2 ** exponent, MAX_RETRY_DELAY_SECONDS);
}
