/**
 * The context of each protected field. It is bound into every ciphertext as AES-GCM associated data and into the
 * blind-index subkey, so a value copied into another column neither decrypts nor matches there.
 */
export const PII_CONTEXTS = {
  nik: 'persons.nik',
  guardianNik: 'persons.guardian_nik',
  kk: 'person_kk_numbers.kk',
  /** Webhook signing secrets: not personal data, but whoever reads them can forge messages to partners. */
  webhookSecret: 'webhook_subscriptions.secret',
} as const;

export type PiiContext = (typeof PII_CONTEXTS)[keyof typeof PII_CONTEXTS];

/** Identity numbers: indexed on their digits only, so `3571 0152-0385 0001` finds `3571015203850001`. */
export const DIGITS_ONLY_CONTEXTS: ReadonlySet<string> = new Set<string>([
  PII_CONTEXTS.nik,
  PII_CONTEXTS.guardianNik,
  PII_CONTEXTS.kk,
]);

export interface PiiColumn {
  table: string;
  /** Primary key column, used as the batch cursor. */
  id: string;
  /** Text column holding `v1.<keyId>.<iv>.<tag>.<ciphertext>`. */
  encrypted: string;
  /** char(64) column holding the blind index, or null when the field is never searched. */
  index: string | null;
  /** Usually one of {@link PII_CONTEXTS}; any stable string works (the e2e test uses its own). */
  context: string;
}

/**
 * Every encrypted column in the schema. `npm run pii:rotate-key` walks exactly this list, so a new encrypted column
 * must be added here or it would be left on a retired key.
 */
export const PII_COLUMNS: readonly PiiColumn[] = [
  { table: 'persons', id: 'id', encrypted: 'nik_encrypted', index: 'nik_index', context: PII_CONTEXTS.nik },
  { table: 'persons', id: 'id', encrypted: 'guardian_nik_encrypted', index: null, context: PII_CONTEXTS.guardianNik },
  { table: 'person_kk_numbers', id: 'id', encrypted: 'kk_encrypted', index: 'kk_index', context: PII_CONTEXTS.kk },
  { table: 'webhook_subscriptions', id: 'id', encrypted: 'secret', index: null, context: PII_CONTEXTS.webhookSecret },
  {
    table: 'webhook_subscriptions',
    id: 'id',
    encrypted: 'previous_secret',
    index: null,
    context: PII_CONTEXTS.webhookSecret,
  },
];
