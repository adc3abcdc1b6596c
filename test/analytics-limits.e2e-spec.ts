import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnalyticsFilterResolver } from '../src/analytics/analytics-filter';
import { ANALYTICS_REPORTS } from '../src/analytics/reports';
import { Role } from '../src/identity/permissions';
import { asRole, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

const QUERIES = join(__dirname, '..', 'docs', 'analytics-queries');
const documented = readdirSync(QUERIES)
  .filter((f) => f.endsWith('.graphql'))
  .sort();

/**
 * Issue 8 item 4: the query limits let every documented analytics query through and refuse pathological ones
 * before any resolver runs. The documented queries are the files in docs/analytics-queries (the benchmark times
 * the same files).
 */
describe('analytics: documented queries and query limits', () => {
  let t: TestApp;
  let analyst: TestPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await asRole(t, Role.ANALYST);
  });
  afterAll(() => t.close());

  it('documents a query for every report', () => {
    const used = documented.map((f) => readFileSync(join(QUERIES, f), 'utf8')).join('\n');
    for (const report of ANALYTICS_REPORTS)
      expect({ report: report.name, documented: used.includes(`${report.name} {`) }).toEqual({
        report: report.name,
        documented: true,
      });
  });

  it.each(documented)('%s runs for an analyst without errors', async (file) => {
    const variablesFile = join(QUERIES, file.replace(/\.graphql$/, '.json'));
    const variables = existsSync(variablesFile) ? JSON.parse(readFileSync(variablesFile, 'utf8')) : {};
    const res = await t.http
      .post('/graphql')
      .set(analyst.auth)
      .send({ query: readFileSync(join(QUERIES, file), 'utf8'), variables })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.analytics).toBeDefined();
  });

  describe('pathological queries are refused before any resolver runs', () => {
    let resolve: jest.SpyInstance;
    beforeEach(() => {
      resolve = jest.spyOn(t.app.get(AnalyticsFilterResolver), 'resolve');
    });
    afterEach(() => resolve.mockRestore());

    const refused = async (query: string, message: RegExp) => {
      const res = await t.http.post('/graphql').set(analyst.auth).send({ query });
      expect(res.status).toBeLessThan(500);
      expect(res.body.data).toBeUndefined();
      expect(JSON.stringify(res.body.errors)).toMatch(message);
      expect(resolve).not.toHaveBeenCalled();
    };

    it('thousands of aliases', async () => {
      const aliases = Array.from({ length: 2000 }, (_, i) => `a${i}: analytics { scope { regionCode } }`).join(' ');
      await refused(`{ ${aliases} }`, /alias|tokens/i);
    });

    it('deep nesting', async () => {
      const deep = `{ analytics { network { aftercare { regionCode } } } region(code: "35") { ${'parent { '.repeat(9)}name${' }'.repeat(9)} } }`;
      await refused(deep, /depth/i);
    });

    it('a query costlier than the limit', async () => {
      const table =
        'aftercare { regionCode regionName underAftercare { value suppressed } overdueFollowUps { value suppressed } relapses { value suppressed } }';
      const reports = Array.from(
        { length: 14 },
        (_, i) => `r${i}: analytics { network { ${table} ${table.replace('aftercare', 'a2: aftercare')} } }`,
      ).join(' ');
      await refused(`{ ${reports} }`, /cost|alias|token/i);
    });
  });
});
