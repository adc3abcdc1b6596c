import { registerErrors } from '../common/errors/app-exception';

export enum MarketplaceErrorCode {
  PRODUCT_NOT_FOUND = 'PRODUCT_NOT_FOUND',
  PRODUCT_SELLER_INVALID = 'PRODUCT_SELLER_INVALID',
  PRODUCT_MAKERS_REQUIRED = 'PRODUCT_MAKERS_REQUIRED',
  PRODUCT_MAKER_INVALID = 'PRODUCT_MAKER_INVALID',
  PRODUCT_CONSENT_MISSING = 'PRODUCT_CONSENT_MISSING',
  PRODUCT_ACTION_NOT_ALLOWED = 'PRODUCT_ACTION_NOT_ALLOWED',
  PRODUCT_STOCK_NEGATIVE = 'PRODUCT_STOCK_NEGATIVE',
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ORDER_PRODUCT_UNAVAILABLE = 'ORDER_PRODUCT_UNAVAILABLE',
  ORDER_MIXED_SELLERS = 'ORDER_MIXED_SELLERS',
  ORDER_OWN_PRODUCT = 'ORDER_OWN_PRODUCT',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  ORDER_ACTION_NOT_ALLOWED = 'ORDER_ACTION_NOT_ALLOWED',
  ORDER_WRONG_SIDE = 'ORDER_WRONG_SIDE',
  MARKET_EVENT_NOT_FOUND = 'MARKET_EVENT_NOT_FOUND',
  MARKET_EVENT_INVALID = 'MARKET_EVENT_INVALID',
}

export const MARKETPLACE_ERRORS = registerErrors<MarketplaceErrorCode>({
  PRODUCT_NOT_FOUND: {
    status: 404,
    title: { id: 'Produk tidak ditemukan', en: 'Product not found' },
    detail: { id: 'Produk {id} tidak ditemukan.', en: 'Product {id} was not found.' },
  },
  PRODUCT_SELLER_INVALID: {
    status: 422,
    title: { id: 'Penjual tidak valid', en: 'Invalid seller' },
    detail: {
      id: 'sellerOrganizationId {id} bukan organisasi aktif.',
      en: 'sellerOrganizationId {id} is not an active organisation.',
    },
  },
  PRODUCT_MAKERS_REQUIRED: {
    status: 422,
    title: { id: 'Pembuat produk diperlukan', en: 'Makers required' },
    detail: {
      id: 'Sebutkan pembuat (makerPersonIds) atau nama kelompok (makerGroup).',
      en: 'Give the makers (makerPersonIds) or a group name (makerGroup).',
    },
  },
  PRODUCT_MAKER_INVALID: {
    status: 422,
    title: { id: 'Pembuat tidak valid', en: 'Invalid maker' },
    detail: {
      id: 'Orang {ids} tidak ditemukan atau tidak aktif dalam cakupan Anda.',
      en: 'Person(s) {ids} not found or not active in your scope.',
    },
  },
  PRODUCT_CONSENT_MISSING: {
    status: 422,
    title: { id: 'Persetujuan publikasi diperlukan', en: 'Publication consent required' },
    detail: {
      id: 'Tidak ada persetujuan PRODUCT_PUBLICATION yang berlaku untuk pembuat: {makers}.',
      en: 'No valid PRODUCT_PUBLICATION consent for maker(s): {makers}.',
    },
  },
  PRODUCT_ACTION_NOT_ALLOWED: {
    status: 409,
    title: { id: 'Aksi produk tidak diizinkan', en: 'Product action not allowed' },
    detail: {
      id: 'Aksi {action} tidak dapat dilakukan pada produk berstatus {status}.',
      en: 'Action {action} is not possible on a product in status {status}.',
    },
  },
  PRODUCT_STOCK_NEGATIVE: {
    status: 409,
    title: { id: 'Stok tidak boleh negatif', en: 'Stock cannot go negative' },
    detail: {
      id: 'Stok produk {id} tinggal {stock}; perubahan {delta} akan membuatnya negatif.',
      en: 'Product {id} has {stock} in stock; a change of {delta} would make it negative.',
    },
  },
  ORDER_NOT_FOUND: {
    status: 404,
    title: { id: 'Pesanan tidak ditemukan', en: 'Order not found' },
    detail: { id: 'Pesanan {id} tidak ditemukan.', en: 'Order {id} was not found.' },
  },
  ORDER_PRODUCT_UNAVAILABLE: {
    status: 422,
    title: { id: 'Produk tidak tersedia', en: 'Product not available' },
    detail: {
      id: 'Produk {ids} tidak ada atau tidak dipublikasikan.',
      en: 'Product(s) {ids} do not exist or are not published.',
    },
  },
  ORDER_MIXED_SELLERS: {
    status: 422,
    title: { id: 'Lebih dari satu penjual', en: 'More than one seller' },
    detail: {
      id: 'Semua produk dalam satu pesanan harus dari satu penjual; buat pesanan terpisah per penjual.',
      en: 'All products of one order must come from one seller; place one order per seller.',
    },
  },
  ORDER_OWN_PRODUCT: {
    status: 422,
    title: { id: 'Memesan produk sendiri', en: 'Ordering own products' },
    detail: {
      id: 'Organisasi tidak dapat memesan produknya sendiri.',
      en: 'An organisation cannot order its own products.',
    },
  },
  OUT_OF_STOCK: {
    status: 409,
    title: { id: 'Stok tidak cukup', en: 'Out of stock' },
    detail: {
      id: 'Stok produk {name} ({id}) tidak cukup untuk {quantity}.',
      en: 'Product {name} ({id}) does not have {quantity} in stock.',
    },
  },
  ORDER_ACTION_NOT_ALLOWED: {
    status: 409,
    title: { id: 'Aksi pesanan tidak diizinkan', en: 'Order action not allowed' },
    detail: {
      id: 'Aksi {action} tidak dapat dilakukan pada status {status}; yang diizinkan: {allowed}.',
      en: 'Action {action} is not possible in status {status}; allowed: {allowed}.',
    },
  },
  ORDER_WRONG_SIDE: {
    status: 403,
    title: { id: 'Bukan pihak yang berhak', en: 'Wrong side' },
    detail: {
      id: 'Aksi {action} hanya dapat dilakukan oleh {side}.',
      en: 'Action {action} can only be taken by the {side}.',
    },
  },
  MARKET_EVENT_NOT_FOUND: {
    status: 404,
    title: { id: 'Acara tidak ditemukan', en: 'Event not found' },
    detail: { id: 'Acara {id} tidak ditemukan.', en: 'Event {id} was not found.' },
  },
  MARKET_EVENT_INVALID: {
    status: 422,
    title: { id: 'Acara tidak valid', en: 'Invalid event' },
    detail: { id: '{field}: {reason}', en: '{field}: {reason}' },
  },
});
