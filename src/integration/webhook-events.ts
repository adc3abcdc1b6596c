/**
 * The event types a subscription may ask for. A subscription names each one: there is no wildcard, so a new event
 * type never reaches a receiver that did not choose it. Modules publish them through `OutboxService.publish`.
 */
export const WEBHOOK_EVENT_TYPES = ['referral.created', 'referral.status_changed', 'case.handover'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
