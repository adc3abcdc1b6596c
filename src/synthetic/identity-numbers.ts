import { nikFor, Sex } from '../persons/nik';
import { pad } from './calendar';
import { Prng } from './prng';

/**
 * NIK and KK numbers for synthetic people, built by the same rules the registry checks (src/persons/nik.ts,
 * DOMAIN.md §3): a NIK is the district of registration, the birth date as DDMMYY with 40 added to the day for women,
 * and a serial 0001–9999; a KK number is the district of issue, the registration date as DDMMYY and a serial.
 */
export class IdentityNumbers {
  private readonly niks = new Set<string>();

  /** `taken`: NIKs already in the database (seeding on top of data); checked besides those made in this run. */
  constructor(private readonly taken: (nik: string) => boolean = () => false) {}

  /**
   * A NIK not yet handed out. The serial is drawn at random rather than counted from 0001, so two seeds loaded into
   * one database (with --force) rarely meet; a clash is skipped.
   */
  nik(prng: Prng, districtCode: string, birthDate: string, sex: Sex): string {
    for (let attempt = 0; attempt < 50; attempt++) {
      const nik = nikFor({ districtCode, birthDate, sex, serial: prng.int(1, 9999) });
      if (!this.niks.has(nik) && !this.taken(nik)) {
        this.niks.add(nik);
        return nik;
      }
    }
    throw new Error(`no free NIK serial for district ${districtCode} and birth date ${birthDate}`);
  }
}

/** A family-card number issued in `districtCode` on `registeredOn` (YYYY-MM-DD). */
export function kkNumber(districtCode: string, registeredOn: string, serial: number): string {
  const [year, month, day] = registeredOn.split('-');
  return `${districtCode}${day}${month}${year.slice(-2)}${pad(serial, 4)}`;
}
