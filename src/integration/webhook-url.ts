import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppException, FieldError } from '../common/errors/app-exception';
import { classifyAddress } from './ip-ranges';
import { WebhookErrorCode } from './webhooks.errors';

const SCHEMES = new Set(['http:', 'https:']);
/** A subscription is created inside a request: a DNS server that does not answer must not hold it for long. */
const LOOKUP_TIMEOUT_MS = 5000;

const urlField = (id: string, en: string): FieldError[] => [{ field: 'url', message: { id, en } }];

/** Checks a webhook URL's form: absolute, http(s), no user name or password. Throws a 400 problem otherwise. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppException(
      WebhookErrorCode.WEBHOOK_URL_INVALID,
      { reason: 'not an absolute URL' },
      urlField('harus berupa URL lengkap, misalnya https://contoh.org/webhook', 'must be an absolute URL'),
    );
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new AppException(
      WebhookErrorCode.WEBHOOK_URL_SCHEME,
      { scheme: url.protocol.replace(/:$/, '').slice(0, 20) },
      urlField('harus http:// atau https://', 'must be http:// or https://'),
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppException(
      WebhookErrorCode.WEBHOOK_URL_CREDENTIALS,
      {},
      urlField('tidak boleh memuat nama pengguna atau kata sandi', 'must not contain a user name or password'),
    );
  }
  return url;
}

/** The host of a URL as DNS or an IP parser wants it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Every address a host name resolves to (an IP literal is its own answer). Throws a 422 problem if none. */
export async function resolveHost(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  let timer: NodeJS.Timeout | undefined;
  try {
    const answers = await Promise.race([
      lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('DNS timeout')), LOOKUP_TIMEOUT_MS);
      }),
    ]);
    if (answers.length === 0) throw new Error('no address');
    return answers.map((a) => a.address);
  } catch {
    throw new AppException(
      WebhookErrorCode.WEBHOOK_URL_UNRESOLVABLE,
      { host: host.slice(0, 253) },
      urlField('host tidak ditemukan di DNS', 'the host does not resolve'),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The first address that is not public, with its range; null when all are public. */
export function firstNonPublic(addresses: readonly string[]): { address: string; range: string } | null {
  for (const address of addresses) {
    const range = classifyAddress(address);
    if (range !== 'public') return { address, range };
  }
  return null;
}

/**
 * Subscription-time check of a URL: its form, that the host resolves, and (unless private addresses are allowed)
 * that every address it resolves to is public. Returns the normalised URL to store.
 */
export async function assertWebhookUrl(text: string, allowPrivate: boolean): Promise<string> {
  const url = parseWebhookUrl(text);
  const host = hostOf(url);
  const addresses = await resolveHost(host);
  const refused = allowPrivate ? null : firstNonPublic(addresses);
  if (refused) {
    throw new AppException(
      WebhookErrorCode.WEBHOOK_URL_PRIVATE_ADDRESS,
      { host: host.slice(0, 253), address: refused.address, range: refused.range },
      urlField('harus mengarah ke alamat publik', 'must resolve to public addresses only'),
    );
  }
  return url.href;
}
