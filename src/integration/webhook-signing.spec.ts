import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { retryDelaySeconds } from './webhook-backoff';
import { generateWebhookSecret, signatureHeader } from './webhook-signing';

describe('webhook signing', () => {
  const body = JSON.stringify({ type: 'case.handover', timestamp: '2026-01-05T03:00:00.000Z', data: { a: 1 } });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('signs so that the standardwebhooks package verifies, and equals a plain HMAC-SHA256', () => {
    const secret = generateWebhookSecret();
    const now = new Date();
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const header = signatureHeader([secret], 'msg-1', now, body);
    const headers = { 'webhook-id': 'msg-1', 'webhook-timestamp': timestamp, 'webhook-signature': header };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    const hmac = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`msg-1.${timestamp}.${body}`)
      .digest('base64');
    expect(header).toBe(`v1,${hmac}`);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('signs with both secrets during a rotation, so either verifies', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const now = new Date();
    const headers = {
      'webhook-id': 'msg-2',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatureHeader([current, previous], 'msg-2', now, body),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
  });
});

describe('retryDelaySeconds', () => {
  it('doubles from the base and stops at one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 1000].map((n) => retryDelaySeconds(n, 30))).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 1))).toEqual([1, 2, 4, 8]);
  });

  it('keeps retrying for at least 24 hours with the default base', () => {
    // Attempts happen at 0, d1, d1+d2, …: count those that fit in 24 hours.
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + retryDelaySeconds(attempts, 30) <= 24 * 3600) {
      elapsed += retryDelaySeconds(attempts, 30);
      attempts += 1;
    }
    expect(attempts).toBeGreaterThanOrEqual(30);
  });
});
