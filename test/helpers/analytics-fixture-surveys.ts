import { TestApp } from './test-app';

/** Services, surveys and anonymous responses written straight into the tables, for the surveys report's tests. */
export class SurveysFixture {
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  /** A service of an organisation with its survey; returns both ids. */
  async survey(organizationId: string, category: string): Promise<{ serviceId: string; surveyId: string }> {
    this.seq += 1;
    const [service] = await this.t.sql<{ id: string }>(
      `INSERT INTO services (organization_id, name, category_code) VALUES ($1, $2, $3) RETURNING id`,
      [organizationId, `Layanan ${this.seq} ${category}`, category],
    );
    const [survey] = await this.t.sql<{ id: string }>(
      `INSERT INTO surveys (service_id, organization_id, token) VALUES ($1, $2, $3) RETURNING id`,
      [service.id, organizationId, `analytics-survey-token-${this.seq}-${Date.now()}`],
    );
    return { serviceId: service.id, surveyId: survey.id };
  }

  /** `count` responses with the nine scores given, submitted at the instant given. */
  async responses(surveyId: string, scores: number[], submittedAt: string, count = 1): Promise<void> {
    for (let i = 0; i < count; i++) {
      await this.t.sql(
        `INSERT INTO survey_responses (survey_id, u1, u2, u3, u4, u5, u6, u7, u8, u9, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [surveyId, ...scores, submittedAt],
      );
    }
  }
}
