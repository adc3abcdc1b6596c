import { checkTransition, nextStatuses, PASUNG_STATUSES, PasungStatus, TRANSITION_RULES } from './pasung-status';

describe('pasung status transitions', () => {
  it('follows the Bebas Pasung path and a relapse into pasung', () => {
    const path: PasungStatus[] = [
      'MASIH_TERPASUNG',
      'BEBAS_PASUNG',
      'PERAWATAN',
      'REHABILITASI',
      'KEMBALI_KE_KELUARGA',
      'REPASUNG',
      'BEBAS_PASUNG',
      'KEMBALI_KE_KELUARGA',
      'MENINGGAL',
    ];
    for (let i = 1; i < path.length; i++)
      expect([path[i - 1], path[i], checkTransition(path[i - 1], path[i])]).toEqual([
        path[i - 1],
        path[i],
        { ok: true },
      ]);
  });

  it.each([
    ['MASIH_TERPASUNG', 'PERAWATAN', 'CARE_ONLY_AFTER_RELEASE'],
    ['MASIH_TERPASUNG', 'REPASUNG', 'REPASUNG_ONLY_AFTER_RELEASE'],
    ['MASIH_TERPASUNG', 'KEMBALI_KE_KELUARGA', 'RETURN_ONLY_FROM_RELEASE_OR_CARE'],
    ['BEBAS_PASUNG', 'BEBAS_PASUNG', 'RELEASE_ONLY_WHEN_SHACKLED'],
    ['KEMBALI_KE_KELUARGA', 'BEBAS_PASUNG', 'RELEASE_ONLY_WHEN_SHACKLED'],
    ['KEMBALI_KE_KELUARGA', 'KEMBALI_KE_KELUARGA', 'RETURN_ONLY_FROM_RELEASE_OR_CARE'],
    ['REPASUNG', 'MASIH_TERPASUNG', 'STILL_SHACKLED_ONLY_BEFORE_RELEASE'],
    ['REPASUNG', 'REHABILITASI', 'CARE_ONLY_AFTER_RELEASE'],
  ] as [PasungStatus, PasungStatus, string][])('refuses %s → %s by rule %s', (from, to, rule) => {
    const check = checkTransition(from, to);
    expect(check.ok).toBe(false);
    expect(check.ok === false && check.kind === 'NOT_ALLOWED' ? check.rule.name : undefined).toBe(rule);
  });

  it('ends the timeline at MENINGGAL', () => {
    for (const to of PASUNG_STATUSES) expect(checkTransition('MENINGGAL', to)).toEqual({ ok: false, kind: 'FINAL' });
    expect(nextStatuses('MENINGGAL')).toEqual([]);
  });

  it('lets MENINGGAL follow every other status', () => {
    for (const from of PASUNG_STATUSES.filter((s) => s !== 'MENINGGAL'))
      expect(checkTransition(from, 'MENINGGAL')).toEqual({ ok: true });
  });

  it('lists as next exactly the statuses whose rule admits the current one', () => {
    for (const from of PASUNG_STATUSES)
      for (const to of PASUNG_STATUSES)
        expect([from, to, nextStatuses(from).includes(to)]).toEqual([
          from,
          to,
          from !== 'MENINGGAL' && TRANSITION_RULES[to].from.includes(from),
        ]);
    expect(nextStatuses('MASIH_TERPASUNG')).toEqual(['MASIH_TERPASUNG', 'BEBAS_PASUNG', 'MENINGGAL']);
  });
});
