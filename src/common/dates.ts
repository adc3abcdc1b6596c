// Building an Intl.DateTimeFormat costs about a millisecond and native (ICU) memory the garbage collector does not
// see; a bulk import asks for "today" per row. One formatter per time zone is kept (there are two in use).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) at this moment in an IANA time zone: "today" is the region's local day. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormats.size >= 50) dayFormats.clear();
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** The time zone of a region code: WITA for Kalimantan Timur (64), WIB for Jawa Timur (35) and by default. */
export function timeZoneOfRegion(code: string | null | undefined): string {
  return code?.startsWith('64') ? 'Asia/Makassar' : 'Asia/Jakarta';
}
