import { registerErrors } from '../common/errors/app-exception';

export enum WebhookErrorCode {
  WEBHOOK_SUBSCRIPTION_NOT_FOUND = 'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
  WEBHOOK_DELIVERY_NOT_FOUND = 'WEBHOOK_DELIVERY_NOT_FOUND',
  WEBHOOK_URL_INVALID = 'WEBHOOK_URL_INVALID',
  WEBHOOK_URL_SCHEME = 'WEBHOOK_URL_SCHEME',
  WEBHOOK_URL_CREDENTIALS = 'WEBHOOK_URL_CREDENTIALS',
  WEBHOOK_URL_UNRESOLVABLE = 'WEBHOOK_URL_UNRESOLVABLE',
  WEBHOOK_URL_PRIVATE_ADDRESS = 'WEBHOOK_URL_PRIVATE_ADDRESS',
  WEBHOOK_ORGANIZATION_UNKNOWN = 'WEBHOOK_ORGANIZATION_UNKNOWN',
  WEBHOOK_SUBSCRIPTION_INACTIVE = 'WEBHOOK_SUBSCRIPTION_INACTIVE',
  WEBHOOK_SUBSCRIPTION_LIMIT = 'WEBHOOK_SUBSCRIPTION_LIMIT',
}

export const WEBHOOK_ERRORS = registerErrors<WebhookErrorCode>({
  WEBHOOK_SUBSCRIPTION_NOT_FOUND: {
    status: 404,
    title: { id: 'Langganan webhook tidak ditemukan', en: 'Webhook subscription not found' },
    detail: { id: 'Langganan webhook {id} tidak ditemukan.', en: 'Webhook subscription {id} was not found.' },
  },
  WEBHOOK_DELIVERY_NOT_FOUND: {
    status: 404,
    title: { id: 'Pengiriman webhook tidak ditemukan', en: 'Webhook delivery not found' },
    detail: {
      id: 'Pengiriman {id} tidak ditemukan pada langganan ini.',
      en: 'Delivery {id} was not found in this subscription.',
    },
  },
  WEBHOOK_URL_INVALID: {
    status: 400,
    title: { id: 'URL webhook tidak valid', en: 'Invalid webhook URL' },
    detail: { id: 'url: {reason}', en: 'url: {reason}' },
  },
  WEBHOOK_URL_SCHEME: {
    status: 400,
    title: { id: 'Skema URL tidak didukung', en: 'Unsupported URL scheme' },
    detail: {
      id: 'url: skema {scheme} tidak didukung; gunakan https:// (atau http://).',
      en: 'url: scheme {scheme} is not supported; use https:// (or http://).',
    },
  },
  WEBHOOK_URL_CREDENTIALS: {
    status: 400,
    title: { id: 'URL memuat kredensial', en: 'URL contains credentials' },
    detail: {
      id: 'url: jangan menaruh nama pengguna atau kata sandi di URL; verifikasi tanda tangan webhook-signature.',
      en: 'url: do not put a user name or password in the URL; verify the webhook-signature instead.',
    },
  },
  WEBHOOK_URL_UNRESOLVABLE: {
    status: 422,
    title: { id: 'Host tidak ditemukan', en: 'Host does not resolve' },
    detail: {
      id: 'url: host {host} tidak dapat di-resolve di DNS.',
      en: 'url: host {host} does not resolve in DNS.',
    },
  },
  WEBHOOK_URL_PRIVATE_ADDRESS: {
    status: 422,
    title: { id: 'Alamat tidak publik', en: 'Address is not public' },
    detail: {
      id: 'url: host {host} mengarah ke {address} (rentang {range}); webhook hanya dikirim ke alamat publik.',
      en: 'url: host {host} resolves to {address} (range {range}); webhooks are only sent to public addresses.',
    },
  },
  WEBHOOK_ORGANIZATION_UNKNOWN: {
    status: 422,
    title: { id: 'Organisasi tidak dikenal', en: 'Unknown organisation' },
    detail: {
      id: 'organizationId: organisasi {id} tidak ada atau tidak aktif.',
      en: 'organizationId: organisation {id} does not exist or is inactive.',
    },
  },
  WEBHOOK_SUBSCRIPTION_INACTIVE: {
    status: 409,
    title: { id: 'Langganan tidak aktif', en: 'Subscription inactive' },
    detail: {
      id: 'Langganan webhook {id} sudah dinonaktifkan; buat langganan baru.',
      en: 'Webhook subscription {id} is deactivated; create a new one.',
    },
  },
  WEBHOOK_SUBSCRIPTION_LIMIT: {
    status: 409,
    title: { id: 'Batas langganan tercapai', en: 'Subscription limit reached' },
    detail: {
      id: 'Organisasi ini sudah memiliki {limit} langganan webhook aktif; nonaktifkan salah satunya dahulu.',
      en: 'This organisation already has {limit} active webhook subscriptions; deactivate one first.',
    },
  },
});
