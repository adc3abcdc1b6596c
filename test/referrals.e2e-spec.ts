import fc from 'fast-check';
import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import {
  allowedActions,
  REFERRAL_ACTIONS,
  REFERRAL_TRANSITIONS,
  ReferralAction,
  ReferralStatus,
} from '../src/referrals/referral-lifecycle';
import { ReferralsService } from '../src/referrals/referrals.service';
import { asRole, ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const NGO = seededOrganizationId('TEST-NGO-KEDIRI');

describe('referrals (e2e)', () => {
  let t: TestApp;
  let sender: TestPrincipal; // Dinas Sosial Kota Kediri
  let partner: TestPrincipal; // the NGO
  let officer: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    await ensurePartnerOrganization(t);
    sender = await asRole(t, Role.REGENCY_OPERATOR);
    partner = await asRole(t, Role.PARTNER);
    officer = await asRole(t, Role.PROVINCE_OFFICER);
  });
  afterAll(async () => {
    await t.close();
  });

  async function personWithConsent(
    recipient: string | null = NGO,
    body: Record<string, unknown> = {},
  ): Promise<string> {
    const person = await t.http
      .post('/api/v1/persons')
      .set(sender.auth)
      .send({
        fullName: 'Sri Wahyuni',
        sex: 'F',
        birthDate: '1990-02-01',
        phone: '+62 812 5555 0001',
        domicile: { villageCode: '3571011010' },
        ...body,
      })
      .expect(201);
    if (recipient !== undefined) {
      await t.http
        .post(`/api/v1/persons/${person.body.id}/consents`)
        .set(sender.auth)
        .send({
          purpose: 'REFERRAL',
          recipientOrganizationId: recipient,
          givenBy: 'SELF',
          givenOn: '2026-01-05',
          evidenceReference: 'Form-77',
        })
        .expect(201);
    }
    return person.body.id as string;
  }

  const refer = (who: TestPrincipal, body: Record<string, unknown>) =>
    t.http.post('/api/v1/referrals').set(who.auth).send(body);
  const act = (who: TestPrincipal, id: string, action: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/referrals/${id}/${action}`).set(who.auth).send(body);

  it('runs the closed loop: sent, accepted, started, completed, each change told to both sides', async () => {
    const personId = await personWithConsent();
    const created = await refer(sender, {
      personId,
      toOrganizationId: NGO,
      reason: 'Butuh pendampingan usaha',
      priority: 'ROUTINE',
    }).expect(201);
    expect(created.body).toMatchObject({
      status: 'REQUESTED',
      fromOrganizationId: seededOrganizationId('DINSOS-3571'),
      toOrganizationId: NGO,
    });
    expect(new Date(created.body.respondBy).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const id = created.body.id as string;

    // The partner sees only what the referral needs of the person.
    const incoming = await t.http
      .get('/api/v1/referrals?direction=incoming&status=REQUESTED')
      .set(partner.auth)
      .expect(200);
    const seen = incoming.body.data.find((r: { id: string }) => r.id === id);
    expect(Object.keys(seen.person).sort()).toEqual([
      'age',
      'contact',
      'id',
      'name',
      'sex',
      'villageCode',
      'villageName',
    ]);
    expect(seen.person).toMatchObject({
      name: 'Sri Wahyuni',
      sex: 'F',
      villageCode: '3571011010',
      villageName: 'Ngampel',
      contact: '+62 812 5555 0001',
    });
    expect(seen.person.age).toBeGreaterThanOrEqual(36);
    await t.http.get(`/api/v1/persons/${personId}`).set(partner.auth).expect(403);

    await act(partner, id, 'accept').expect(200);
    await act(partner, id, 'start').expect(200);
    await act(partner, id, 'hold', { note: 'Menunggu jadwal' }).expect(200);
    await act(partner, id, 'resume').expect(200);
    const done = await act(partner, id, 'complete', { note: 'Pelatihan selesai, usaha berjalan' }).expect(200);
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      outcomeNote: 'Pelatihan selesai, usaha berjalan',
      allowedActions: ['entered-in-error'],
    });

    const history = await t.http.get(`/api/v1/referrals/${id}/history`).set(sender.auth).expect(200);
    expect(history.body.data.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'REQUESTED',
      'ACCEPTED',
      'IN_PROGRESS',
      'ON_HOLD',
      'IN_PROGRESS',
      'COMPLETED',
    ]);
    const outbox = await t.sql<{ type: string; organization_ids: string[] }>(
      `SELECT type, organization_ids FROM outbox_events WHERE aggregate_id = $1 ORDER BY seq`,
      [id],
    );
    expect(outbox.map((o) => o.type)).toEqual(['referral.created', ...Array(5).fill('referral.status_changed')]);
    expect(
      outbox.every(
        (o) => o.organization_ids.includes(NGO) && o.organization_ids.includes(seededOrganizationId('DINSOS-3571')),
      ),
    ).toBe(true);
  });

  it('refuses an action from the wrong state with 409 listing the allowed ones, and the wrong side with 403', async () => {
    const id = (
      await refer(sender, {
        personId: await personWithConsent(),
        toOrganizationId: NGO,
        reason: 'Rujukan',
        priority: 'URGENT',
      }).expect(201)
    ).body.id;
    const wrongSide = await act(sender, id, 'accept').expect(403);
    expect(wrongSide.body.code).toBe('REFERRAL_WRONG_SIDE');
    const wrongState = await act(partner, id, 'complete', { note: 'selesai' }).expect(409);
    expect(wrongState.body).toMatchObject({
      code: 'REFERRAL_ACTION_NOT_ALLOWED',
      allowed: expect.arrayContaining(['accept', 'reject', 'cancel']),
    });
    const noReason = await act(partner, id, 'reject', { note: 'penuh' }).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reasonCode']);
    await act(partner, id, 'reject', { reasonCode: 'FULL', note: 'penuh' }).expect(400);
    await act(partner, id, 'teleport').expect(404);
    await act(officer, id, 'cancel').expect(403);
    const rejected = await act(partner, id, 'reject', {
      reasonCode: 'NO_CAPACITY',
      note: 'Kuota bulan ini penuh',
    }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReasonCode: 'NO_CAPACITY' });
    const reasons = await t.http.get('/api/v1/referral-rejection-reasons').set(partner.auth).expect(200);
    expect(reasons.body.data.map((r: { code: string }) => r.code)).toContain('NO_CAPACITY');
  });

  it('needs a consent covering the receiver, or a written override by a user allowed to give one', async () => {
    const noConsent = await personWithConsent(null as unknown as string, { fullName: 'Tanpa Persetujuan' });
    await t.sql(`DELETE FROM consents WHERE person_id = $1`, [noConsent]);
    const refused = await refer(sender, {
      personId: noConsent,
      toOrganizationId: NGO,
      reason: 'Rujukan',
      priority: 'ROUTINE',
    }).expect(422);
    expect(refused.body.code).toBe('REFERRAL_CONSENT_REQUIRED');
    const otherReceiver = await personWithConsent(seededOrganizationId('DINSOS-3506'), {
      fullName: 'Persetujuan Lain',
    });
    await refer(sender, {
      personId: otherReceiver,
      toOrganizationId: NGO,
      reason: 'Rujukan',
      priority: 'ROUTINE',
    }).expect(422);
    const notAllowed = await refer(sender, {
      personId: noConsent,
      toOrganizationId: NGO,
      reason: 'Rujukan',
      priority: 'EMERGENCY',
      consentOverrideReason: 'Darurat, keluarga tidak dapat dihubungi',
    }).expect(403);
    expect(notAllowed.body.code).toBe('REFERRAL_OVERRIDE_NOT_ALLOWED');
    const overridden = await refer(officer, {
      personId: noConsent,
      toOrganizationId: NGO,
      reason: 'Rujukan darurat',
      priority: 'EMERGENCY',
      consentOverrideReason: 'Darurat, keluarga tidak dapat dihubungi',
    }).expect(201);
    expect(overridden.body.consentOverridden).toBe(true);
    const audit = await t.sql(`SELECT 1 FROM audit_events WHERE action = 'CONSENT_OVERRIDE' AND person_id = $1`, [
      noConsent,
    ]);
    expect(audit).toHaveLength(1);
    const anyOrganization = await personWithConsent(null, { fullName: 'Persetujuan Umum' });
    await refer(sender, {
      personId: anyOrganization,
      toOrganizationId: NGO,
      reason: 'Rujukan',
      priority: 'ROUTINE',
    }).expect(201);
  });

  it('refuses bad input and callers outside the scope, writing nothing', async () => {
    const personId = await personWithConsent();
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM referrals`);
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { personId, toOrganizationId: seededOrganizationId('DINSOS-3571'), reason: 'Rujukan', priority: 'ROUTINE' },
        422,
        'REFERRAL_TO_SELF',
      ],
      [
        { personId, toOrganizationId: seededOrganizationId('nope'), reason: 'Rujukan', priority: 'ROUTINE' },
        422,
        'REFERRAL_RECEIVER_INVALID',
      ],
      [
        {
          personId,
          toOrganizationId: NGO,
          serviceId: seededOrganizationId('nope'),
          reason: 'Rujukan',
          priority: 'ROUTINE',
        },
        422,
        'REFERRAL_SERVICE_INVALID',
      ],
      [{ personId, toOrganizationId: NGO, reason: 'Rujukan', priority: 'SOON' }, 400, 'VALIDATION_FAILED'],
      [{ personId, toOrganizationId: NGO, reason: '', priority: 'ROUTINE' }, 400, 'VALIDATION_FAILED'],
      [
        { personId, toOrganizationId: NGO, reason: 'Rujukan', priority: 'ROUTINE', transfer: true },
        422,
        'REFERRAL_CASE_INVALID',
      ],
      [
        { personId: seededOrganizationId('nobody'), toOrganizationId: NGO, reason: 'Rujukan', priority: 'ROUTINE' },
        404,
        'PERSON_NOT_FOUND',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await refer(sender, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    await t.sql(`UPDATE organizations SET active = false WHERE id = $1`, [seededOrganizationId('DINSOS-3506')]);
    await refer(sender, {
      personId,
      toOrganizationId: seededOrganizationId('DINSOS-3506'),
      reason: 'Rujukan',
      priority: 'ROUTINE',
    }).expect(422);
    await t.sql(`UPDATE organizations SET active = true WHERE id = $1`, [seededOrganizationId('DINSOS-3506')]);
    const after = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM referrals`);
    expect(after[0].n).toBe(before[0].n);

    const id = (
      await refer(sender, { personId, toOrganizationId: NGO, reason: 'Rujukan', priority: 'ROUTINE' }).expect(201)
    ).body.id;
    const stranger = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    await t.http.get(`/api/v1/referrals/${id}`).set(stranger.auth).expect(404);
    await act(stranger, id, 'accept').expect(404);
    const analyst = await asRole(t, Role.ANALYST);
    await t.http.get('/api/v1/referrals').set(analyst.auth).expect(403);
    const kaltim = await asRole(t, Role.PROVINCE_OFFICER, 'DINSOS-64');
    await t.http.get(`/api/v1/referrals/${id}`).set(kaltim.auth).expect(404);
    await t.http.get(`/api/v1/referrals/${id}`).set(officer.auth).expect(200);
  });

  it('expires a referral nobody answered by its deadline', async () => {
    const id = (
      await refer(sender, {
        personId: await personWithConsent(),
        toOrganizationId: NGO,
        reason: 'Rujukan',
        priority: 'ROUTINE',
      }).expect(201)
    ).body.id;
    await t.sql(`UPDATE referrals SET respond_by = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect(await t.app.get(ReferralsService).expireOverdue()).toBeGreaterThanOrEqual(1);
    const expired = await t.http.get(`/api/v1/referrals/${id}`).set(sender.auth).expect(200);
    expect(expired.body.status).toBe('EXPIRED');
    await act(partner, id, 'accept').expect(409);
  });

  it('moves the case to the receiver when a transfer is accepted', async () => {
    const personId = await personWithConsent(seededOrganizationId('DINSOS-3518'));
    const caseId = (
      await t.http
        .post('/api/v1/cases')
        .set(sender.auth)
        .send({ personId, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT' })
        .expect(201)
    ).body.id;
    const toNgo = await refer(sender, {
      personId,
      caseId,
      toOrganizationId: NGO,
      reason: 'Pindah',
      priority: 'ROUTINE',
      transfer: true,
    }).expect(422);
    expect(toNgo.body.code).toBe('REFERRAL_TRANSFER_INVALID');
    const id = (
      await refer(sender, {
        personId,
        caseId,
        toOrganizationId: seededOrganizationId('DINSOS-3518'),
        reason: 'Pindah domisili ke Nganjuk',
        priority: 'ROUTINE',
        transfer: true,
      }).expect(201)
    ).body.id;
    const nganjuk = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3518');
    // The receiver sees the person while the referral is live.
    await t.http.get(`/api/v1/persons/${personId}`).set(nganjuk.auth).expect(200);
    await act(nganjuk, id, 'accept').expect(200);
    const moved = await t.http.get(`/api/v1/cases/${caseId}`).set(nganjuk.auth).expect(200);
    expect(moved.body.managingOrganizationId).toBe(seededOrganizationId('DINSOS-3518'));
    const timeline = await t.http.get(`/api/v1/cases/${caseId}/timeline`).set(nganjuk.auth).expect(200);
    expect(timeline.body.data.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['REFERRED', 'TRANSFERRED']),
    );
  });

  it('turns a relapse escalation into a referral in one call', async () => {
    const personId = await personWithConsent();
    const caseId = (
      await t.http
        .post('/api/v1/cases')
        .set(sender.auth)
        .send({ personId, kind: 'COMMUNITY', stage: 'BIMBINGAN_LANJUT', openedOn: '2026-01-01' })
        .expect(201)
    ).body.id;
    await t.http
      .post(`/api/v1/cases/${caseId}/visits`)
      .set(sender.auth)
      .send({
        visitedOn: '2026-02-01',
        officerName: 'Pendamping',
        findings: 'Kambuh',
        medicationAdherence: 'NO',
        relapse: true,
      })
      .expect(201);
    const [escalation] = (await t.http.get(`/api/v1/cases/${caseId}/escalations`).set(sender.auth).expect(200)).body
      .data;
    const referral = await t.http
      .post(`/api/v1/cases/${caseId}/escalations/${escalation.id}/refer`)
      .set(sender.auth)
      .send({ toOrganizationId: NGO, priority: 'URGENT' })
      .expect(201);
    expect(referral.body).toMatchObject({ caseId, escalationId: escalation.id, reason: 'Kambuh', status: 'REQUESTED' });
    const after = (await t.http.get(`/api/v1/cases/${caseId}/escalations`).set(sender.auth).expect(200)).body.data;
    expect(after[0]).toMatchObject({ status: 'REFERRED' });
    await t.http
      .post(`/api/v1/cases/${caseId}/escalations/${escalation.id}/refer`)
      .set(sender.auth)
      .send({ toOrganizationId: NGO, priority: 'URGENT' })
      .expect(409);
  });

  it('follows the lifecycle table for random sequences of actions by both sides (model-based)', async () => {
    const personId = await personWithConsent();
    const sides = { sender, receiver: partner };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            action: fc.constantFrom(...REFERRAL_ACTIONS),
            side: fc.constantFrom('sender' as const, 'receiver' as const),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (steps) => {
          const id = (
            await refer(sender, { personId, toOrganizationId: NGO, reason: 'Model', priority: 'ROUTINE' }).expect(201)
          ).body.id as string;
          let model: ReferralStatus = 'REQUESTED';
          for (const { action, side } of steps) {
            const res = await act(sides[side], id, action, { note: 'langkah model', reasonCode: 'OTHER' });
            const transition = REFERRAL_TRANSITIONS[action as ReferralAction];
            if (!transition.from.includes(model)) {
              expect({ action, side, model, status: res.status }).toEqual({ action, side, model, status: 409 });
              expect([...res.body.allowed].sort()).toEqual(allowedActions(model).sort());
            } else if (transition.side !== side) {
              expect({ action, side, model, status: res.status }).toEqual({ action, side, model, status: 403 });
            } else {
              expect({ action, side, model, status: res.status }).toEqual({ action, side, model, status: 200 });
              model = transition.to;
            }
            const current = await t.http.get(`/api/v1/referrals/${id}`).set(sender.auth).expect(200);
            expect(current.body.status).toBe(model);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
