/**
 * A person's three histories as JSON arrays, oldest first, each a scalar subquery on `personId` (a column or a
 * parameter): one statement instead of one per history. Dates come out as `YYYY-MM-DD`, as the entities have them.
 * The benchmark's floor (bench/floor-sql.ts) sends the same SQL.
 */
export function personHistorySql(personId: string): Record<'ppks' | 'kk' | 'domiciles', string> {
  return {
    ppks: `(SELECT coalesce(json_agg(json_build_object('code', c.ppks_code, 'since', c.since, 'until', c.until)
      ORDER BY c.created_at), '[]'::json) FROM person_ppks_categories c WHERE c.person_id = ${personId})`,
    kk: `(SELECT coalesce(json_agg(json_build_object('kkEncrypted', k.kk_encrypted, 'validFrom', k.valid_from,
      'validTo', k.valid_to) ORDER BY k.created_at), '[]'::json) FROM person_kk_numbers k WHERE k.person_id = ${personId})`,
    domiciles: `(SELECT coalesce(json_agg(json_build_object('villageCode', d.village_code, 'address', d.address,
      'validFrom', d.valid_from, 'validTo', d.valid_to) ORDER BY d.created_at), '[]'::json)
      FROM person_domiciles d WHERE d.person_id = ${personId})`,
  };
}
