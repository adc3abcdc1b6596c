import { nikFor } from '../src/persons/nik';

/**
 * Deterministic inputs the bench sends (new persons, import rows). mulberry32: a tiny seeded PRNG, so the same seed
 * gives byte-identical files and request bodies on every machine.
 */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

/** Fisher–Yates with the given generator: a stable order for target ids. */
export function shuffle<T>(random: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const GIVEN_M = [
  'Agus',
  'Bambang',
  'Slamet',
  'Joko',
  'Wahyu',
  'Eko',
  'Hadi',
  'Sugeng',
  'Moch.',
  'Abdul',
  'Andi',
  'Yusuf',
];
const GIVEN_F = ['Siti', 'Sri', 'Dewi', 'Nur', 'Endang', 'Wahyuni', 'Lestari', 'Rina', 'Aminah', 'Yuliani', 'Tutik'];
const FAMILY = [
  'Santoso',
  'Wibowo',
  'Prasetyo',
  'Hidayat',
  'Rahmawati',
  'Setiawan',
  'Suryani',
  'Kurniawan',
  'Maulana',
  'Fauzi',
  'Hasanah',
  'Purnomo',
  'Sulistyo',
  'Mahmud',
];

export interface SyntheticPerson {
  fullName: string;
  sex: 'M' | 'F';
  birthDate: string;
  nik: string | null;
  villageCode: string;
  phone: string;
}

/**
 * A plausible person living in one of `villages`, with a valid NIK (district, birth date, sex, serial 9000–9999)
 * for nine in ten. A clash with a seeded NIK needs the same district, birth date and serial: about one in a
 * million per person, so a run of the create benchmark sees one 409 only rarely (it would show in the table).
 */
export function syntheticPerson(random: () => number, villages: readonly string[], index: number): SyntheticPerson {
  const sex = random() < 0.5 ? 'M' : 'F';
  const given = pick(random, sex === 'M' ? GIVEN_M : GIVEN_F);
  const fullName = `${given} ${pick(random, FAMILY)} ${pick(random, FAMILY)}`;
  const year = 1950 + Math.floor(random() * 55);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const villageCode = pick(random, villages);
  // One person in ten has no NIK, as in the register.
  const nik =
    random() < 0.1
      ? null
      : nikFor({ districtCode: villageCode.slice(0, 6), birthDate, sex, serial: 9000 + (index % 1000) });
  const phone = `08${String(1_000_000_000 + Math.floor(random() * 8_999_999_999)).slice(0, 10)}`;
  return { fullName, sex, birthDate, nik, villageCode, phone };
}

/** `count` synthetic people whose NIKs are all different (a repeated one is drawn again). */
export function syntheticPeople(seed: number, villages: readonly string[], count: number): SyntheticPerson[] {
  const random = prng(seed);
  const seen = new Set<string>();
  const people: SyntheticPerson[] = [];
  for (let i = 0; people.length < count; i++) {
    const person = syntheticPerson(random, villages, i);
    if (person.nik !== null) {
      if (seen.has(person.nik)) continue;
      seen.add(person.nik);
    }
    people.push(person);
  }
  return people;
}
