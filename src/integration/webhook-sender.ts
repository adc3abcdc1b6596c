import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { classifyAddress } from './ip-ranges';
import { firstNonPublic, hostOf, parseWebhookUrl } from './webhook-url';
import { signatureHeader } from './webhook-signing';

/** A receiver has this long to answer; a slow one is a failed attempt, retried later. */
export const DELIVERY_TIMEOUT_MS = 10_000;
const USER_AGENT = 'Jejaring-Webhooks/1.0';

export interface WebhookMessage {
  url: string;
  /** The `webhook-id`: the delivery id, the same on every retry and redelivery. */
  id: string;
  body: string;
  /** Current secret first; the previous one while a rotation is in its grace period. */
  secrets: string[];
}

export interface SendOutcome {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  /** True when the host resolved to a non-public address (worth a warning in the log). */
  refused: boolean;
}

/** The connection was refused before it was made: the host resolved to a non-public address. */
class AddressRefusedError extends Error {
  constructor(host: string, address: string, range: string) {
    super(`address refused: ${host} resolves to ${address} (${range})`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * Sends one signed webhook over HTTP(S). Never throws: every failure becomes an outcome for the delivery log.
 * The address check is repeated here, at connection time, inside the socket's own DNS lookup: the address that is
 * checked is the address that is connected to, so a DNS answer that changed since the subscription (or between a
 * check and the connection) cannot reach a private network.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async send(message: WebhookMessage): Promise<SendOutcome> {
    let url: URL;
    try {
      url = parseWebhookUrl(message.url);
    } catch (error) {
      return this.failure(error instanceof AppException ? `invalid URL: ${error.code}` : 'invalid URL');
    }
    const host = hostOf(url);
    if (!this.config.webhookAllowPrivate) {
      // An IP literal never goes through the lookup below, so it is checked here.
      const range = classifyAddress(host);
      if (range !== 'public' && range !== 'invalid') {
        return { ...this.failure(new AddressRefusedError(host, host, range).message), refused: true };
      }
    }
    const timestamp = new Date();
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(message.body)),
      'user-agent': USER_AGENT,
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signatureHeader(message.secrets, message.id, timestamp, message.body),
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<SendOutcome>((resolve) => {
      const request = client.request(
        url,
        {
          method: 'POST',
          headers,
          // One connection per message: no pooled socket outlives the address check that opened it.
          agent: false,
          lookup: this.guardedLookup,
          timeout: DELIVERY_TIMEOUT_MS,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        },
        (response) => {
          // The body is not needed; drain it so the socket closes.
          response.resume();
          response.on('error', () => undefined);
          const status = response.statusCode ?? 0;
          const delivered = status >= 200 && status < 300;
          resolve({ delivered, statusCode: status, error: delivered ? null : `HTTP ${status}`, refused: false });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
      request.on('error', (error: Error) => {
        resolve({ ...this.failure(describe(error)), refused: error instanceof AddressRefusedError });
      });
      request.end(message.body);
    });
  }

  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
      const refused = this.config.webhookAllowPrivate ? null : firstNonPublic(addresses.map((a) => a.address));
      if (refused) return callback(new AddressRefusedError(hostname, refused.address, refused.range), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };

  private failure(error: string): SendOutcome {
    return { delivered: false, statusCode: null, error, refused: false };
  }
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const text = error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timed out' : error.message;
  return (code && !text.includes(code) ? `${code}: ${text}` : text).slice(0, 500);
}
