/** The order lifecycle of DESIGN.md §4: PLACED → CONFIRMED → DELIVERED → PAID, or CANCELLED before delivery. */
export const ORDER_STATUSES = ['PLACED', 'CONFIRMED', 'DELIVERED', 'PAID', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_ACTIONS = ['confirm', 'deliver', 'pay', 'cancel'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export type OrderSide = 'buyer' | 'seller';

export const ORDER_TRANSITIONS: Record<OrderAction, { from: OrderStatus[]; to: OrderStatus; sides: OrderSide[] }> = {
  confirm: { from: ['PLACED'], to: 'CONFIRMED', sides: ['seller'] },
  deliver: { from: ['CONFIRMED'], to: 'DELIVERED', sides: ['seller'] },
  // The seller records the payment it received: it is the side that can see the money arrive.
  pay: { from: ['DELIVERED'], to: 'PAID', sides: ['seller'] },
  cancel: { from: ['PLACED', 'CONFIRMED'], to: 'CANCELLED', sides: ['buyer', 'seller'] },
};

export function allowedOrderActions(status: string): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => (ORDER_TRANSITIONS[a].from as string[]).includes(status));
}

/**
 * Splits an amount equally among makers in whole Rupiah; the remainder goes to the first maker so the parts always
 * add up to the amount.
 */
export function splitAmount(amount: number, makers: number): number[] {
  if (makers <= 0) return [];
  const base = Math.floor(amount / makers);
  return Array.from({ length: makers }, (_, i) => (i === 0 ? base + (amount - base * makers) : base));
}
