import { seededOrganizationId } from '../src/common/ids';
import { Role } from '../src/identity/permissions';
import { splitAmount } from '../src/marketplace/order-lifecycle';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const SELLER = seededOrganizationId('DINSOS-3571');
const OFFICE = 'TEST-KANTOR-KEDIRI';

describe('marketplace (e2e)', () => {
  let t: TestApp;
  let seller: TestPrincipal; // Dinas Sosial Kota Kediri
  let buyer: TestPrincipal; // a government office of Kota Kediri
  let otherRegency: TestPrincipal;
  let analyst: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    // Government offices are not seeded; buyers like Kantor Kelurahan are partners of type GOVERNMENT_OFFICE.
    await t.sql(
      `INSERT INTO organizations (id, code, name, type, region_code) VALUES ($1, $2, 'Kantor Kelurahan Bandar Kidul', 'GOVERNMENT_OFFICE', '3571011010')`,
      [seededOrganizationId(OFFICE), OFFICE],
    );
    seller = await asRole(t, Role.REGENCY_OPERATOR);
    buyer = await asRole(t, Role.PARTNER, OFFICE);
    otherRegency = await asRole(t, Role.REGENCY_OPERATOR, 'DINSOS-3506');
    analyst = await asRole(t, Role.ANALYST);
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(fullName: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/persons')
      .set(seller.auth)
      .send({ fullName, sex: 'F', birthDate: '1985-03-04', domicile: { villageCode: '3571011010' } })
      .expect(201);
    return res.body.id as string;
  }
  async function consent(personId: string, recipient: string | null = null): Promise<void> {
    await t.http
      .post(`/api/v1/persons/${personId}/consents`)
      .set(seller.auth)
      .send({
        purpose: 'PRODUCT_PUBLICATION',
        recipientOrganizationId: recipient,
        givenBy: 'SELF',
        givenOn: '2026-01-05',
        evidenceReference: 'Form-PP-1',
      })
      .expect(201);
  }
  async function product(body: Record<string, unknown> = {}): Promise<{ id: string; makers: string[] }> {
    const makers = [await person('Siti Aminah'), await person('Dewi Lestari')];
    for (const m of makers) await consent(m);
    const res = await t.http
      .post('/api/v1/products')
      .set(seller.auth)
      .send({
        makerPersonIds: makers,
        category: 'KESET',
        name: 'Keset kain perca',
        priceIdr: 25_000,
        stock: 10,
        ...body,
      })
      .expect(201);
    await t.http.post(`/api/v1/products/${res.body.id}/publish`).set(seller.auth).expect(200);
    return { id: res.body.id as string, makers };
  }
  const order = (who: TestPrincipal, lines: { productId: string; quantity: number }[]) =>
    t.http.post('/api/v1/orders').set(who.auth).send({ lines });
  const act = (who: TestPrincipal, id: string, action: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/orders/${id}/${action}`).set(who.auth).send(body);
  const stockOf = async (id: string) =>
    (await t.sql<{ stock: number }>(`SELECT stock FROM products WHERE id = $1`, [id]))[0].stock;

  it('publishes a doormat only once both makers consented, then runs an order to payment and splits revenue', async () => {
    const siti = await person('Siti Aminah');
    const dewi = await person('Dewi Lestari');
    const created = await t.http
      .post('/api/v1/products')
      .set(seller.auth)
      .send({
        makerPersonIds: [siti, dewi],
        makerGroup: 'Kelompok Keset Sumber Rejeki',
        category: 'KESET',
        name: 'Keset kain perca bulat',
        description: 'Dari kain perca, 40 cm',
        priceIdr: 25_001,
        stock: 10,
      })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'DRAFT', makerCount: 2, stock: 10 });
    const id = created.body.id as string;

    const refused = await t.http.post(`/api/v1/products/${id}/publish`).set(seller.auth).expect(422);
    expect(refused.body.code).toBe('PRODUCT_CONSENT_MISSING');
    expect(refused.body.makersWithoutConsent.sort()).toEqual([siti, dewi].sort());
    await consent(siti, SELLER);
    const stillRefused = await t.http.post(`/api/v1/products/${id}/publish`).set(seller.auth).expect(422);
    expect(stillRefused.body.makersWithoutConsent).toEqual([dewi]);
    await consent(dewi);
    const published = await t.http.post(`/api/v1/products/${id}/publish`).set(seller.auth).expect(200);
    expect(published.body.status).toBe('PUBLISHED');

    // The buyer sees the product but not who made it.
    const seen = await t.http.get(`/api/v1/products/${id}`).set(buyer.auth).expect(200);
    expect(seen.body).toMatchObject({ makers: null, makerCount: 2, makerGroup: 'Kelompok Keset Sumber Rejeki' });
    const own = await t.http.get(`/api/v1/products/${id}`).set(seller.auth).expect(200);
    expect(own.body.makers.map((m: { personId: string }) => m.personId)).toEqual([siti, dewi]);

    const placed = await order(buyer, [{ productId: id, quantity: 3 }]).expect(201);
    expect(placed.body).toMatchObject({ status: 'PLACED', totalIdr: 75_003, allowedActions: ['confirm', 'cancel'] });
    expect(await stockOf(id)).toBe(7);
    const oid = placed.body.id as string;

    expect((await act(buyer, oid, 'confirm').expect(403)).body.code).toBe('ORDER_WRONG_SIDE');
    const early = await act(seller, oid, 'pay').expect(409);
    expect(early.body).toMatchObject({ code: 'ORDER_ACTION_NOT_ALLOWED', allowed: ['confirm', 'cancel'] });
    await act(seller, oid, 'confirm').expect(200);
    await act(seller, oid, 'deliver').expect(200);
    expect((await act(buyer, oid, 'cancel').expect(409)).body.allowed).toEqual(['pay']);
    const paid = await act(seller, oid, 'pay', { paidOn: '2026-11-20', paymentReference: 'TRF-001' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'PAID', paidOn: '2026-11-20', allowedActions: [] });

    // 75 003 split in two: the odd Rupiah goes to the first maker.
    const revenue = await t.http.get(`/api/v1/products/${id}/revenue`).set(seller.auth).expect(200);
    expect(revenue.body.totalIdr).toBe(75_003);
    const byPerson = Object.fromEntries(
      revenue.body.makers.map((m: { personId: string; amountIdr: number }) => [m.personId, m.amountIdr]),
    );
    expect(byPerson).toEqual({ [siti]: 37_502, [dewi]: 37_501 });
    const mine = await t.http.get(`/api/v1/persons/${siti}/maker-revenue?year=2026`).set(seller.auth).expect(200);
    expect(mine.body).toMatchObject({ totalIdr: 37_502, data: [{ orderId: oid, earnedOn: '2026-11-20' }] });
    const other = await t.http.get(`/api/v1/persons/${siti}/maker-revenue?year=2025`).set(seller.auth).expect(200);
    expect(other.body.totalIdr).toBe(0);
    await t.http.get(`/api/v1/persons/${siti}/maker-revenue`).set(buyer.auth).expect(404);

    const audited = await t.sql(`SELECT 1 FROM audit_events WHERE resource_type = 'maker_revenue' AND person_id = $1`, [
      siti,
    ]);
    expect(audited.length).toBeGreaterThan(0);
  });

  it('splits whole Rupiah so the parts add up', () => {
    expect(splitAmount(10, 3)).toEqual([4, 3, 3]);
    expect(splitAmount(100, 1)).toEqual([100]);
    expect(splitAmount(5, 0)).toEqual([]);
  });

  it('returns the stock when either side cancels before delivery', async () => {
    const p = await product();
    const a = await order(buyer, [{ productId: p.id, quantity: 4 }]).expect(201);
    expect(await stockOf(p.id)).toBe(6);
    await act(buyer, a.body.id, 'cancel').expect(200);
    expect(await stockOf(p.id)).toBe(10);
    const b = await order(buyer, [{ productId: p.id, quantity: 2 }]).expect(201);
    await act(seller, b.body.id, 'confirm').expect(200);
    const cancelled = await act(seller, b.body.id, 'cancel').expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await stockOf(p.id)).toBe(10);
  });

  it('never oversells: 30 concurrent orders of 1 against a stock of 10 place exactly 10', async () => {
    const p = await product();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => order(buyer, [{ productId: p.id, quantity: 1 }])),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(20);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: 'OUT_OF_STOCK', productId: p.id });
    expect(await stockOf(p.id)).toBe(0);
    const [count] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM order_lines WHERE product_id = $1`, [
      p.id,
    ]);
    expect(count.n).toBe(10);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const p = await product();
    const orders = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM orders`))[0].n;
    const before = await orders();
    // Beyond stock, even as the second line: the first line's stock is given back (all or nothing).
    const q = await product();
    const beyond = await order(buyer, [
      { productId: q.id, quantity: 2 },
      { productId: p.id, quantity: 11 },
    ]).expect(409);
    expect(beyond.headers['content-type']).toContain('application/problem+json');
    expect(beyond.body).toMatchObject({ code: 'OUT_OF_STOCK', productId: p.id });
    expect(await stockOf(p.id)).toBe(10);
    expect(await stockOf(q.id)).toBe(10);
    expect((await order(buyer, [{ productId: p.id, quantity: 1.5 }]).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await order(buyer, [{ productId: p.id, quantity: 0 }]).expect(400);
    const unknown = await order(buyer, [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }]).expect(
      422,
    );
    expect(unknown.body.code).toBe('ORDER_PRODUCT_UNAVAILABLE');
    const draft = await t.http
      .post('/api/v1/products')
      .set(seller.auth)
      .send({ makerGroup: 'Kelompok Manik', category: 'MANIK_MANIK', name: 'Gelang manik', priceIdr: 15_000, stock: 5 })
      .expect(201);
    expect((await order(buyer, [{ productId: draft.body.id, quantity: 1 }]).expect(422)).body.code).toBe(
      'ORDER_PRODUCT_UNAVAILABLE',
    );
    expect((await order(seller, [{ productId: p.id, quantity: 1 }]).expect(422)).body.code).toBe('ORDER_OWN_PRODUCT');
    expect(await orders()).toBe(before);

    for (const priceIdr of [-1000, 0, 2500.5, '25000']) {
      await t.http
        .post('/api/v1/products')
        .set(seller.auth)
        .send({ makerGroup: 'Kelompok', category: 'KESET', name: 'Keset', priceIdr, stock: 1 })
        .expect(400);
    }
    await t.http
      .post('/api/v1/products')
      .set(seller.auth)
      .send({ category: 'KESET', name: 'Keset', priceIdr: 1000, stock: 1 })
      .expect(422);
    const negative = await t.http
      .post(`/api/v1/products/${p.id}/stock`)
      .set(seller.auth)
      .send({ delta: -11, note: 'rusak' })
      .expect(409);
    expect(negative.body.code).toBe('PRODUCT_STOCK_NEGATIVE');
    const added = await t.http
      .post(`/api/v1/products/${p.id}/stock`)
      .set(seller.auth)
      .send({ delta: 5, note: 'produksi minggu ini' })
      .expect(200);
    expect(added.body.stock).toBe(15);
  });

  it('keeps sellers to their scope and analysts out', async () => {
    const p = await product();
    await t.http
      .patch(`/api/v1/products/${p.id}`)
      .set(otherRegency.auth)
      .set('If-Match', '*')
      .send({ priceIdr: 1 })
      .expect(404);
    await t.http
      .post(`/api/v1/products/${p.id}/stock`)
      .set(otherRegency.auth)
      .send({ delta: -1, note: 'rusak' })
      .expect(404);
    await t.http.get(`/api/v1/products/${p.id}/revenue`).set(otherRegency.auth).expect(404);
    await t.http.get('/api/v1/products').set(analyst.auth).expect(403);
    await t.http.get('/api/v1/orders').set(analyst.auth).expect(403);
    const placed = await order(buyer, [{ productId: p.id, quantity: 1 }]).expect(201);
    await t.http.get(`/api/v1/orders/${placed.body.id}`).set(otherRegency.auth).expect(404);
    const listed = await t.http.get('/api/v1/orders?side=buying').set(buyer.auth).expect(200);
    expect(listed.body.data.map((o: { id: string }) => o.id)).toContain(placed.body.id);
    await t.http.patch(`/api/v1/products/${p.id}`).set(seller.auth).send({ priceIdr: 30_000 }).expect(428);
    const current = await t.http.get(`/api/v1/products/${p.id}`).set(seller.auth).expect(200);
    await t.http
      .patch(`/api/v1/products/${p.id}`)
      .set(seller.auth)
      .set('If-Match', '"999"')
      .send({ priceIdr: 30_000 })
      .expect(412);
    const updated = await t.http
      .patch(`/api/v1/products/${p.id}`)
      .set(seller.auth)
      .set('If-Match', current.headers.etag)
      .send({ priceIdr: 30_000 })
      .expect(200);
    expect(updated.body.priceIdr).toBe(30_000);
    expect(
      (
        await t.http
          .patch(`/api/v1/products/${p.id}`)
          .set(seller.auth)
          .set('If-Match', '*')
          .send({ makerPersonIds: p.makers })
          .expect(409)
      ).body.code,
    ).toBe('PRODUCT_ACTION_NOT_ALLOWED');
  });

  it('records a bazaar with its makers and sales, taking stock and crediting the makers', async () => {
    const p = await product();
    const event = await t.http
      .post('/api/v1/events')
      .set(seller.auth)
      .send({
        name: 'Bazar Hari Jadi Kota Kediri',
        startsOn: '2026-07-25',
        endsOn: '2026-07-27',
        villageCode: '3571011010',
        place: 'Alun-alun Kota Kediri',
        makerPersonIds: p.makers,
      })
      .expect(201);
    const sale = await t.http
      .post(`/api/v1/events/${event.body.id}/sales`)
      .set(seller.auth)
      .send({ productId: p.id, quantity: 4, amountIdr: 90_000, soldOn: '2026-07-26' })
      .expect(201);
    expect(sale.body).toMatchObject({ salesTotalIdr: 90_000, makerPersonIds: [...p.makers].sort() });
    expect(await stockOf(p.id)).toBe(6);
    await t.http
      .post(`/api/v1/events/${event.body.id}/sales`)
      .set(seller.auth)
      .send({ productId: p.id, quantity: 7, amountIdr: 1 })
      .expect(409);
    await t.http
      .post(`/api/v1/events/${event.body.id}/sales`)
      .set(seller.auth)
      .send({ productId: p.id, quantity: 1, amountIdr: -5 })
      .expect(400);
    await t.http
      .post('/api/v1/events')
      .set(seller.auth)
      .send({ name: 'Expo', startsOn: '2026-07-27', endsOn: '2026-07-25', villageCode: '3571011010', place: 'GOR' })
      .expect(422);
    await t.http.get(`/api/v1/events/${event.body.id}`).set(otherRegency.auth).expect(404);
    const revenue = await t.http.get(`/api/v1/products/${p.id}/revenue`).set(seller.auth).expect(200);
    expect(revenue.body.totalIdr).toBe(90_000);
  });

  it('serves the catalogue and orders over GraphQL', async () => {
    const p = await product();
    await order(buyer, [{ productId: p.id, quantity: 1 }]).expect(201);
    const res = await t.http
      .post('/graphql')
      .set(buyer.auth)
      .send({
        query: '{ products(limit: 200) { data { id makerCount priceIdr } } orders { data { id totalIdr status } } }',
      })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.products.data.map((x: { id: string }) => x.id)).toContain(p.id);
    expect(res.body.data.orders.data.length).toBeGreaterThan(0);
  });
});
