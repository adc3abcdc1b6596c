// Name keys for probable-duplicate detection. A key is a lossy, deterministic form of a person's name in which the
// ways one Indonesian name gets written by different offices (case, accents, titles, pre-1972 spelling, Arabic
// transliteration) collapse to one spelling. Keys are only ever compared with each other, never shown as a name.
// The rules and the reasons for each are in docs/persons-matching.md.

/**
 * How the old `j` (which stood for today's `y`) is folded. `always` makes `j` and `y` one letter everywhere; `marked`
 * folds it only in names that carry another pre-1972 spelling mark (oe, dj, tj, sj, initial nj); `never` leaves it.
 * `always` is the default: names copied from old documents often carry no other mark (Marjam, Hidajat, Prijono), and
 * it measured best on the tuning half of the fixture (docs/persons-matching.md).
 */
export type JFolding = 'always' | 'marked' | 'never';

export interface NameKeyOptions {
  jFolding: JFolding;
}

export const DEFAULT_NAME_KEY_OPTIONS: NameKeyOptions = { jFolding: 'always' };

// Lists below are written as space-separated words to keep them readable at a glance.
function words(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter((word) => word.length > 0));
}

// Honorifics and titles dropped from the front of a name, in any number ("Bapak H. Drs. Ahmad"), compared with dots
// removed. Only at the front, and never the last token: "H." at the end is an initial, and "Ning" is also a name.
const PREFIX_TITLES = words(`
  bapak bpk pak ibu bu sdr sdri sdra saudara saudari tn tuan ny nyonya nn nona
  mbah mbok mas mbak mba cak ning gus lora nyai nyi ki
  h hj haji hajjah hajah kh kyai kiai ust ustad ustadz ustaz ustadzah ustazah syekh syaikh
  almarhum almarhumah alm almh
  dr drg ir drs dra prof
`);

// Academic degrees (gelar) written after the name, compared with dots removed. Dropped when they follow a comma or
// end the name written with dots ("S.Pd."); without either sign only the ones that cannot be a name are dropped.
const DEGREES = words(`
  spd spdi spdsd mpd mpdi skom mkom sikom se sei me mm sh shi mh ssos msos ssi msi st mt sag mag spsi mpsi skep ns
  skm mkes sfarm apt amd amdkeb amdkep amk sip mip sp spkj sked sthi stp ssn sgz ba ma msc bsc phd mba lc mhum shum
  sak mak ssy spt dr drs dra ir
`);
const UNAMBIGUOUS_DEGREES = words(`
  spd spdi spdsd mpd mpdi skom mkom sikom ssos msos ssi msi spsi mpsi skep skm mkes sfarm amd amdkeb amdkep spkj
  sked sthi phd msc bsc mhum shum
`);

// Patronymic connectors: "Slamet bin Karto" keeps the father's name (it helps tell people apart) but not the word.
const CONNECTORS = words('bin binti bt bte');

// Abbreviations written before a name ("M. Yusuf", "Moch. Ali", "Abd. Rahman", "St. Maimunah"). Expanded only when
// not the last token: at the end a letter is the initial of an unknown name ("Hendra S.").
const ABBREVIATIONS = new Map<string, string>([
  ['m', 'muhammad'],
  ['mhd', 'muhammad'],
  ['moh', 'muhammad'],
  ['muh', 'muhammad'],
  ['moch', 'muhammad'],
  ['much', 'muhammad'],
  ['mochd', 'muhammad'],
  ['mohd', 'muhammad'],
  ['ach', 'ahmad'],
  ['achm', 'ahmad'],
  ['abd', 'abdul'],
  ['st', 'siti'],
]);

// Transliterations of one name that the letter rules below do not bring together, in their everyday spellings; they
// go through the same letter rules at load, so the table stays readable and cannot drift from the rules.
const VARIANT_GROUPS: ReadonlyArray<readonly [string, string]> = [
  [
    'muhammad',
    `mohammad mohamad mohammed mohamed muhamad muhammed muhamed mochammad mochamad mokhammad mokhamad muchammad
     muchamad mukhammad mukhamad muhamat mohamat mochamat muchamat mukhamat`,
  ],
  ['ahmad', 'achmad akhmad ahmat achmat akhmat ahmed achmed'],
  ['abdul', 'abdoel abdu'],
  ['nur', 'noer nurul noerul nuur'],
  ['zainal', 'zaenal zainul zaenul'],
  ['candra', 'chandra tjandra'],
];

// Spellings of Abdullah, which starts like "abdu-" but is one name, not Abdul + a name.
const ABDULLAH_FORMS = ['abdullah', 'abdulloh', 'abdulah', 'abdullh'];

/** The comparable key of a person's full name: canonical tokens joined by single spaces. */
export function nameKey(fullName: string, options: NameKeyOptions = DEFAULT_NAME_KEY_OPTIONS): string {
  return nameKeyTokens(fullName, options).join(' ');
}

/** The tokens of {@link nameKey}, for callers that compare token by token. */
export function nameKeyTokens(fullName: string, options: NameKeyOptions = DEFAULT_NAME_KEY_OPTIONS): string[] {
  const kept = dropTitles(rawTokens(fullName));
  const mode = spellingMode(options.jFolding, kept);
  const out: string[] = [];
  for (let i = 0; i < kept.length; i++) {
    const abbreviation = i < kept.length - 1 ? ABBREVIATIONS.get(kept[i]) : undefined;
    const folded = foldSpelling(abbreviation ?? kept[i], mode);
    if (folded.length > 0) pushCanonical(out, folded);
  }
  return out;
}

interface RawToken {
  text: string;
  dotted: boolean;
  afterComma: boolean;
}

function rawTokens(fullName: string): RawToken[] {
  const text = fullName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // Bracketed parts are nicknames or notes ("Slamet (Memet)"); aliases belong in their own field.
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    // Apostrophes mark the Arabic ain or hamza (Ma'ruf, Syafi'i) and are written or left out at will.
    .replace(/['’‘`ʼʻ]/g, '')
    // Az-Zahra, Al-Fatih: the hyphen joins an article that is as often written attached.
    .replace(/-/g, '');
  const tokens: RawToken[] = [];
  const segments = text.split(/[,;]/);
  for (let s = 0; s < segments.length; s++) {
    for (const chunk of segments[s].split(/\s+/)) {
      const compact = lettersOnly(chunk);
      if (compact.length === 0) continue;
      const dotted = chunk.includes('.');
      if (dotted && !DEGREES.has(compact) && !PREFIX_TITLES.has(compact)) {
        // "H.Ahmad", "F.X.": dots between letters separate tokens unless the whole chunk is one title.
        for (const part of chunk.split('.')) {
          const letters = lettersOnly(part);
          if (letters.length > 0) tokens.push({ text: letters, dotted: true, afterComma: s > 0 });
        }
      } else {
        tokens.push({ text: compact, dotted, afterComma: s > 0 });
      }
    }
  }
  return tokens;
}

function lettersOnly(text: string): string {
  return text.replace(/[^a-z]/g, '');
}

function dropTitles(tokens: RawToken[]): string[] {
  let start = 0;
  while (start < tokens.length - 1 && !tokens[start].afterComma && PREFIX_TITLES.has(tokens[start].text)) start++;
  let end = tokens.length;
  while (end - 1 > start && isTrailingDegree(tokens[end - 1])) end--;
  const kept: string[] = [];
  for (let i = start; i < end; i++) {
    const token = tokens[i];
    if (token.afterComma && DEGREES.has(token.text)) continue;
    if (i > start && CONNECTORS.has(token.text)) continue;
    kept.push(token.text);
  }
  // A "name" made only of titles ("Bapak") is still better compared as written than as nothing.
  return kept.length > 0 ? kept : tokens.map((token) => token.text);
}

function isTrailingDegree(token: RawToken): boolean {
  if (UNAMBIGUOUS_DEGREES.has(token.text)) return true;
  return (token.afterComma || token.dotted) && token.text.length > 1 && DEGREES.has(token.text);
}

/**
 * Which of the ambiguous old-spelling rules apply. `oldY`: every j not from dj is the old y, and nj inside a word is
 * the old ny (in today's spelling nj is n + j: Panji, Anjar). `allJ`: j and y are one letter, whatever their origin.
 */
export interface SpellingMode {
  oldY: boolean;
  allJ: boolean;
}

function spellingMode(jFolding: JFolding, tokens: readonly string[]): SpellingMode {
  if (jFolding === 'always') return { oldY: true, allJ: true };
  if (jFolding === 'never') return { oldY: false, allJ: false };
  // A word-initial nj is old spelling for sure (no word starts with n + j today), so it marks the name too.
  const marked = tokens.some((token) => /oe|dj|tj|sj|^nj/.test(token));
  return { oldY: marked, allJ: false };
}

/**
 * Folds one lower-case token to the spelling used in keys. Order matters: the digraphs of the old spelling come first
 * (dj is parked as an upper-case J so the j → y rule cannot touch it), then transliteration pairs, then doubled letters.
 */
export function foldSpelling(token: string, mode: SpellingMode): string {
  let t = token
    .replace(/oe/g, 'u') // Soekarno → Sukarno
    .replace(/dj/g, 'J') // Djoko → Joko (parked)
    .replace(/tj/g, 'c') // Tjahjo → Cahjo
    .replace(/sj/g, 'sy') // Sjamsul → Syamsul
    .replace(/^nj/, 'ny'); // Njoto → Nyoto
  if (mode.oldY) t = t.replace(/nj/g, 'ny').replace(/j/g, 'y'); // Cahjo → Cahyo, Soenjoto → Sunyoto
  t = t.replace(/J/g, 'j');
  if (mode.allJ) t = t.replace(/j/g, 'y');
  return (
    t
      .replace(/chr/g, 'kr') // Christina → Kristina: the Greek ch is always k
      .replace(/ch/g, 'kh') // Choirul → Khoirul: the old Dutch ch
      // Then kh → h: Javanese spelling writes ch/kh for both Arabic kha and ha (Achmad, Rochmat, Machfud), and
      // speech drops the k (Banjar Hairul for Khairul), so kh and h cannot be told apart reliably.
      .replace(/kh/g, 'h')
      .replace(/dh/g, 'd') // Ramadhan → Ramadan
      .replace(/th/g, 't') // Thoha → Toha
      .replace(/dz/g, 'z') // Dzulkifli → Zulkifli
      .replace(/gh/g, 'g') // Ghani → Gani (Arabic ghain)
      .replace(/sh/g, 's') // Shodiq → Sodiq (Arabic sad)
      .replace(/ph/g, 'f') // Yoseph → Yosef
      .replace(/q/g, 'k') // Taufiq → Taufik
      // The glide after i is written or not: Riyadi / Riadi, Sugiyanto / Sugianto, Poniyem / Poniem.
      .replace(/iy([aiueo])/g, 'i$1')
      // Dutch ie is i (Amien → Amin, Swie → Swi), but not in the Javanese ending -iem (Poniem, Sugiem), which is
      // i + e; Liem keeps its e too and is left to the similarity.
      .replace(/ie(?!m$)/g, 'i')
      .replace(/ae/g, 'ai') // Zaenal → Zainal
      .replace(/([^aiueo])y$/, '$1i') // Rudy → Rudi, Hendry → Hendri
      .replace(/([a-z])\1+/g, '$1') // Sitti → Siti, Effendi → Efendi
  );
}

const FOLDING_MODES: readonly SpellingMode[] = [
  { oldY: false, allJ: false },
  { oldY: true, allJ: false },
  { oldY: true, allJ: true },
];

// Variant spellings → canonical, both sides folded under every mode, so a key maps whichever mode produced it.
const VARIANTS = new Map<string, string>();
const ABDULLAH = new Set<string>();
for (const mode of FOLDING_MODES) {
  for (const [canonical, spellings] of VARIANT_GROUPS) {
    const target = foldSpelling(canonical, mode);
    for (const spelling of [canonical, ...words(spellings)]) VARIANTS.set(foldSpelling(spelling, mode), target);
  }
  for (const spelling of ABDULLAH_FORMS) ABDULLAH.add(foldSpelling(spelling, mode));
}

function pushCanonical(out: string[], token: string): void {
  const canonical = VARIANTS.get(token) ?? token;
  // Abdurrahman, Abdulkadir: Abdul + a name, written as one word or two; split so both forms align.
  if (canonical.startsWith('abdu') && canonical.length >= 7 && !ABDULLAH.has(canonical)) {
    let rest = canonical.slice(4);
    if (rest.startsWith('l') && rest.length > 3) rest = rest.slice(1);
    out.push(VARIANTS.get('abdul') ?? 'abdul', VARIANTS.get(rest) ?? rest);
    return;
  }
  out.push(canonical);
}
