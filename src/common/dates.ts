/** The calendar day (YYYY-MM-DD) at this moment in an IANA time zone: "today" is the region's local day. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The time zone of a region code: WITA for Kalimantan Timur (64), WIB for Jawa Timur (35) and by default. */
export function timeZoneOfRegion(code: string | null | undefined): string {
  return code?.startsWith('64') ? 'Asia/Makassar' : 'Asia/Jakarta';
}
