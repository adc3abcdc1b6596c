import { todayIn } from '../src/common/dates';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/** A kelurahan in Kota Kediri (3571). */
const KEDIRI_VILLAGE = '3571011010';
/** A desa in Kabupaten Nganjuk (3518). */
const NGANJUK_VILLAGE = '3518012001';
const YEAR = Number(todayIn('Asia/Jakarta').slice(0, 4));
const TODAY = todayIn('Asia/Jakarta');

const SEWING_KIT = [
  { kind: 'SEWING_MACHINE', description: 'Mesin jahit Butterfly', quantity: 1, unitValueIdr: 2_500_000 },
  { kind: 'OVERLOCK_MACHINE', description: 'Mesin obras', quantity: 1, unitValueIdr: 2_000_000 },
];

describe('grants (e2e)', () => {
  let t: TestApp;
  let kediri: TestPrincipal;
  let nganjuk: TestPrincipal;
  let officer: TestPrincipal;
  let analyst: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    kediri = await asRole(t, Role.REGENCY_OPERATOR);
    nganjuk = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3518');
    officer = await asRole(t, Role.PROVINCE_OFFICER);
    analyst = await asRole(t, Role.ANALYST);
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(who = kediri, villageCode = KEDIRI_VILLAGE): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(who.auth)
      .send({ fullName: `Penerima ${Math.random().toString(36).slice(2, 8)}`, sex: 'F', domicile: { villageCode } })
      .expect(201);
    return res.body.id as string;
  }

  async function budget(regencyCode: string, amountIdr: number): Promise<string> {
    const res = await t.http
      .post('/api/v1/grant-budgets')
      .set(officer.auth)
      .send({ regencyCode, year: YEAR, amountIdr })
      .expect(201);
    return res.body.id as string;
  }

  async function propose(personId: string, body: Record<string, unknown> = {}, who = kediri): Promise<string> {
    const res = await t.http
      .post('/api/v1/grants')
      .set(who.auth)
      .send({
        personId,
        businessPlan: 'Usaha jahit keset kain perca',
        statedSkill: 'MENJAHIT',
        items: SEWING_KIT,
        ...body,
      })
      .expect(201);
    return res.body.id as string;
  }

  const bast = { date: TODAY, receiverName: 'Siti Aminah', witnessName: 'Lurah Ngampel', documentReference: 'BAST/01' };

  it('creates budgets, records top-ups, refuses bad amounts and duplicates', async () => {
    const id = await budget('3572', 10_000_000);
    const topped = await t.http
      .post(`/api/v1/grant-budgets/${id}/top-ups`)
      .set(officer.auth)
      .send({ amountIdr: 5_000_000, note: 'P-APBD' })
      .expect(201);
    expect(topped.body).toMatchObject({
      totalIdr: 15_000_000,
      approvedIdr: 0,
      disbursedIdr: 0,
      availableIdr: 15_000_000,
    });
    expect(topped.body.topUps).toEqual([expect.objectContaining({ amountIdr: 5_000_000, note: 'P-APBD' })]);

    for (const amountIdr of [-5, 1.5, 0, 10 ** 14, '1000']) {
      const res = await t.http
        .post('/api/v1/grant-budgets')
        .set(officer.auth)
        .send({ regencyCode: '3573', year: YEAR, amountIdr })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await t.http.post(`/api/v1/grant-budgets/${id}/top-ups`).set(officer.auth).send({ amountIdr: 0.5 }).expect(400);
    const duplicate = await t.http
      .post('/api/v1/grant-budgets')
      .set(officer.auth)
      .send({ regencyCode: '3572', year: YEAR, amountIdr: 1 })
      .expect(409);
    expect(duplicate.body.code).toBe('BUDGET_DUPLICATE');
    const unknown = await t.http
      .post('/api/v1/grant-budgets')
      .set(officer.auth)
      .send({ regencyCode: '3599', year: YEAR, amountIdr: 1 })
      .expect(422);
    expect(unknown.body.code).toBe('BUDGET_REGENCY_INVALID');
    await t.http
      .post('/api/v1/grant-budgets')
      .set(kediri.auth)
      .send({ regencyCode: '3571', year: YEAR, amountIdr: 1 })
      .expect(403);
    const [row] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM grant_budgets WHERE regency_code = '3573'`,
    );
    expect(row.n).toBe(0);
  });

  it('runs the Kediri grant: proposed, approved within budget, disbursed with BAST into two assets', async () => {
    const budgetId = await budget('3571', 20_000_000);
    const personId = await person();
    const proposed = await t.http
      .post('/api/v1/grants')
      .set(kediri.auth)
      .send({ personId, businessPlan: 'Keset kain perca', statedSkill: 'MENJAHIT', items: SEWING_KIT })
      .expect(201);
    expect(proposed.body).toMatchObject({
      status: 'SUBMITTED',
      regencyCode: '3571',
      year: YEAR,
      totalIdr: 4_500_000,
      criteriaPassed: true,
      allowedActions: ['approve', 'reject', 'withdraw'],
    });
    expect(proposed.body.criteria.map((c: { code: string }) => c.code)).toEqual(['SKILL', 'NO_RECENT_GRANT']);
    const id = proposed.body.id as string;

    // Disbursement before approval: 409 listing what is possible.
    const early = await t.http.post(`/api/v1/grants/${id}/disburse`).set(kediri.auth).send(bast).expect(409);
    expect(early.body).toMatchObject({ code: 'GRANT_ACTION_NOT_ALLOWED', allowed: ['approve', 'reject', 'withdraw'] });
    // A regency operator cannot approve.
    await t.http.post(`/api/v1/grants/${id}/approve`).set(kediri.auth).send({}).expect(403);

    const approved = await t.http.post(`/api/v1/grants/${id}/approve`).set(officer.auth).send({}).expect(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', budgetId });
    const afterApproval = await t.http.get(`/api/v1/grant-budgets/${budgetId}`).set(officer.auth).expect(200);
    expect(afterApproval.body).toMatchObject({ approvedIdr: 4_500_000, availableIdr: 15_500_000, disbursedIdr: 0 });

    const items = approved.body.items as { id: string; kind: string }[];
    const sewing = items.find((i) => i.kind === 'SEWING_MACHINE')!;
    const disbursed = await t.http
      .post(`/api/v1/grants/${id}/disburse`)
      .set(kediri.auth)
      .send({ ...bast, serials: { [sewing.id]: ['BTF-2024-0001'] } })
      .expect(200);
    expect(disbursed.body).toMatchObject({ status: 'DISBURSED', bast: { ...bast }, allowedActions: ['close'] });
    const budgetAfter = await t.http.get(`/api/v1/grant-budgets/${budgetId}`).set(officer.auth).expect(200);
    expect(budgetAfter.body).toMatchObject({ approvedIdr: 4_500_000, disbursedIdr: 4_500_000 });

    const assets = await t.http.get(`/api/v1/assets?grantId=${id}`).set(kediri.auth).expect(200);
    expect(assets.body.data).toHaveLength(2);
    expect(assets.body.data.every((a: { status: string }) => a.status === 'IN_USE')).toBe(true);
    expect(assets.body.data.map((a: { serialNumber: string }) => a.serialNumber)).toContain('BTF-2024-0001');
    const overlock = (assets.body.data as { id: string; kind: string }[]).find((a) => a.kind === 'OVERLOCK_MACHINE')!;
    const broken = await t.http
      .post(`/api/v1/assets/${overlock.id}/status`)
      .set(kediri.auth)
      .send({ status: 'BROKEN', note: 'Motor terbakar', date: TODAY })
      .expect(200);
    expect(broken.body.status).toBe('BROKEN');
    expect(broken.body.history.map((h: { status: string }) => h.status)).toEqual(['IN_USE', 'BROKEN']);

    // The same serial twice is refused, nothing written.
    const other = await propose(await person());
    await t.http.post(`/api/v1/grants/${other}/approve`).set(officer.auth).send({}).expect(200);
    const otherItems = (await t.http.get(`/api/v1/grants/${other}`).set(kediri.auth).expect(200)).body.items;
    const clash = await t.http
      .post(`/api/v1/grants/${other}/disburse`)
      .set(kediri.auth)
      .send({ ...bast, serials: { [otherItems[0].id]: ['BTF-2024-0001'] } })
      .expect(409);
    expect(clash.body.code).toBe('ASSET_SERIAL_TAKEN');

    const closed = await t.http.post(`/api/v1/grants/${id}/close`).set(kediri.auth).send({}).expect(200);
    expect(closed.body.status).toBe('CLOSED');
    expect(closed.body.history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'SUBMITTED',
      'APPROVED',
      'DISBURSED',
      'CLOSED',
    ]);

    const gql = await t.http
      .post('/graphql')
      .set(officer.auth)
      .send({ query: `{ grant(id: "${id}") { status totalIdr items { kind } assets { serialNumber status } } }` })
      .expect(200);
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.grant.assets).toHaveLength(2);
    const list = await t.http
      .post('/graphql')
      .set(officer.auth)
      .send({ query: `{ grants(status: CLOSED, limit: 10) { data { id } page { nextCursor } } }` })
      .expect(200);
    expect(list.body.data.grants.data.map((g: { id: string }) => g.id)).toContain(id);
  });

  it('checks the criteria: a second grant within 3 years is refused at approval unless overridden', async () => {
    const personId = await person();
    const first = await propose(personId);
    await t.http.post(`/api/v1/grants/${first}/approve`).set(officer.auth).send({}).expect(200);

    const second = await t.http
      .post('/api/v1/grants')
      .set(kediri.auth)
      .send({
        personId,
        businessPlan: 'Tambahan modal',
        items: [{ kind: 'CASH', description: 'Modal', quantity: 1, unitValueIdr: 1_500_000 }],
      })
      .expect(201);
    expect(second.body.criteriaPassed).toBe(false);
    expect(
      second.body.criteria.filter((c: { passed: boolean }) => !c.passed).map((c: { code: string }) => c.code),
    ).toEqual(['SKILL', 'NO_RECENT_GRANT']);
    const refused = await t.http
      .post(`/api/v1/grants/${second.body.id}/approve`)
      .set(officer.auth)
      .send({})
      .expect(422);
    expect(refused.body.code).toBe('GRANT_CRITERIA_FAILED');
    expect(refused.body.detail).toContain('NO_RECENT_GRANT');
    const overridden = await t.http
      .post(`/api/v1/grants/${second.body.id}/approve`)
      .set(officer.auth)
      .send({ criteriaOverrideReason: 'Usaha pertama terbakar, rekomendasi camat' })
      .expect(200);
    expect(overridden.body).toMatchObject({ status: 'APPROVED', criteriaOverrideReason: expect.any(String) });
  });

  it('undo-approval releases the budget; rejection and withdrawal end a proposal', async () => {
    const [before] = await t.sql<{ committed_idr: string }>(
      `SELECT committed_idr FROM grant_budgets WHERE regency_code = '3571' AND year = $1`,
      [YEAR],
    );
    const id = await propose(await person());
    await t.http.post(`/api/v1/grants/${id}/approve`).set(officer.auth).send({}).expect(200);
    const undone = await t.http
      .post(`/api/v1/grants/${id}/undo-approval`)
      .set(officer.auth)
      .send({ reason: 'Salah penerima' })
      .expect(200);
    expect(undone.body).toMatchObject({ status: 'SUBMITTED', budgetId: null });
    const [after] = await t.sql<{ committed_idr: string }>(
      `SELECT committed_idr FROM grant_budgets WHERE regency_code = '3571' AND year = $1`,
      [YEAR],
    );
    expect(after.committed_idr).toBe(before.committed_idr);

    await t.http.post(`/api/v1/grants/${id}/reject`).set(officer.auth).send({}).expect(400);
    const rejected = await t.http
      .post(`/api/v1/grants/${id}/reject`)
      .set(officer.auth)
      .send({ reason: 'Tidak layak' })
      .expect(200);
    expect(rejected.body.status).toBe('REJECTED');
    const again = await t.http.post(`/api/v1/grants/${id}/approve`).set(officer.auth).send({}).expect(409);
    expect(again.body.allowed).toEqual([]);

    const mine = await propose(await person());
    await t.http.post(`/api/v1/grants/${mine}/withdraw`).set(officer.auth).send({}).expect(403);
    const withdrawn = await t.http.post(`/api/v1/grants/${mine}/withdraw`).set(kediri.auth).send({}).expect(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
  });

  it('refuses bad input with nothing written', async () => {
    const personId = await person();
    const [{ n: before }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM grants`);
    const bad = [
      { items: [] },
      { items: [{ kind: 'TOOLS', description: 'Gunting', quantity: 1, unitValueIdr: 1.5 }] },
      { items: [{ kind: 'TOOLS', description: 'Gunting', quantity: 1, unitValueIdr: -100 }] },
      { items: [{ kind: 'TOOLS', description: 'Gunting', quantity: 0, unitValueIdr: 100 }] },
      { items: [{ kind: 'BICYCLE', description: 'Sepeda', quantity: 1, unitValueIdr: 100 }] },
    ];
    for (const body of bad) {
      const res = await t.http
        .post('/api/v1/grants')
        .set(kediri.auth)
        .send({ personId, businessPlan: 'Rencana', statedSkill: 'MENJAHIT', ...body })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const [{ n: after }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM grants`);
    expect(after).toBe(before);

    // Beyond the budget: Nganjuk has Rp 5 million, the grant is Rp 6 million.
    await budget('3518', 5_000_000);
    const far = await person(nganjuk, NGANJUK_VILLAGE);
    const big = await propose(
      far,
      { items: [{ kind: 'CASH', description: 'Modal usaha', quantity: 1, unitValueIdr: 6_000_000 }] },
      nganjuk,
    );
    const exceeded = await t.http.post(`/api/v1/grants/${big}/approve`).set(officer.auth).send({}).expect(409);
    expect(exceeded.body).toMatchObject({ code: 'BUDGET_EXCEEDED', availableIdr: 5_000_000 });
    const [nganjukBudget] = await t.sql<{ committed_idr: string }>(
      `SELECT committed_idr FROM grant_budgets WHERE regency_code = '3518'`,
    );
    expect(nganjukBudget.committed_idr).toBe('0');
  });

  it('scopes grants: another regency gets 404, an analyst 403', async () => {
    const id = await propose(await person());
    await t.http.get(`/api/v1/grants/${id}`).set(nganjuk.auth).expect(404);
    await t.http.post(`/api/v1/grants/${id}/withdraw`).set(nganjuk.auth).send({}).expect(404);
    const list = await t.http.get('/api/v1/grants').set(nganjuk.auth).expect(200);
    expect(list.body.data.map((g: { id: string }) => g.id)).not.toContain(id);
    await t.http.get(`/api/v1/grants/${id}`).set(analyst.auth).expect(403);
    await t.http.get('/api/v1/grant-budgets').set(analyst.auth).expect(403);
    // Nganjuk cannot propose for a Kediri person it cannot see.
    const kediriPerson = await person();
    const res = await t.http
      .post('/api/v1/grants')
      .set(nganjuk.auth)
      .send({ personId: kediriPerson, businessPlan: 'x', statedSkill: 'y', items: SEWING_KIT })
      .expect(404);
    expect(res.body.code).toBe('PERSON_NOT_FOUND');
  });

  it('never overspends: 50 concurrent approvals against room for 10 give exactly 10', async () => {
    // A fresh regency so the earlier tests' commitments do not matter: room for exactly 10 grants of Rp 1.5 million.
    const sidoarjo = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3515');
    const budgetId = await budget('3515', 15_000_000);
    const cash = [{ kind: 'CASH', description: 'Modal UEP', quantity: 1, unitValueIdr: 1_500_000 }];
    const ids: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const people = await Promise.all(Array.from({ length: 10 }, () => person(sidoarjo, '3515012001')));
      ids.push(...(await Promise.all(people.map((p) => propose(p, { items: cash }, sidoarjo)))));
    }
    const results = await Promise.all(
      ids.map((id) => t.http.post(`/api/v1/grants/${id}/approve`).set(officer.auth).send({})),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'BUDGET_EXCEEDED')).toBe(true);
    const after = await t.http.get(`/api/v1/grant-budgets/${budgetId}`).set(officer.auth).expect(200);
    expect(after.body).toMatchObject({ approvedIdr: 15_000_000, availableIdr: 0 });
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM grants WHERE regency_code = '3515' AND status = 'APPROVED'`,
    );
    expect(n).toBe(10);
  });
});
