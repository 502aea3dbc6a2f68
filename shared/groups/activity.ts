/**
 * A group's activity feed is its event stream read newest first: every group event
 * carries who made it (`actorId`) and a sentence saying what happened (`text`), written
 * with the event, so the feed's `seq` is the group's own. Each item is also pushed on
 * the group topic as it is written.
 */
import { domainEvent } from '../../events/contract';
import { GroupActivityV1 } from '../../events/expenses';
import { publish } from '../bus/publisher';
import { type Currency, formatAmount } from '../domain/money';
import { logger } from '../observability/logger';

export interface ActivityItem {
  readonly seq: number;
  readonly type: string;
  readonly actorId: string;
  readonly text: string;
  readonly occurredAt: string;
}

/** Events written before the feed existed carry no actor or sentence. */
export const toActivityView = (item: Record<string, unknown>): ActivityItem => ({
  seq: Number(item.seq),
  type: String(item.type),
  actorId: typeof item.actorId === 'string' ? item.actorId : 'system',
  text: typeof item.text === 'string' ? item.text : String(item.type),
  occurredAt: String(item.occurredAt),
});

/**
 * The push of one feed item. Its write is already durable: a failed push is logged and
 * not retried here (the feed route has it, and a client that sees a seq gap re-reads).
 */
export async function publishActivity(groupId: string, item: ActivityItem): Promise<void> {
  try {
    await publish([
      domainEvent(GroupActivityV1, {
        groupId,
        occurredAt: item.occurredAt,
        eventId: `${groupId}:activity:${item.seq}`,
        topics: [`group:${groupId}`],
        seq: item.seq,
        activityType: item.type,
        actorId: item.actorId,
        text: item.text,
      }),
    ]);
  } catch (error) {
    logger.error('activity push failed; the feed keeps the item', { groupId, seq: item.seq, error });
  }
}

/** Sentences of the feed; names are those at the time, amounts in the group currency. */
export const sentences = {
  added: (actor: string, description: string, amountMinor: bigint, currency: Currency) =>
    `${actor} added "${description}" (${formatAmount(amountMinor, currency)} ${currency}).`,
  edited: (actor: string, before: string, after: string) => `${actor} edited an expense: ${before} → ${after}.`,
  deleted: (actor: string, description: string) => `${actor} deleted "${description}".`,
  restored: (actor: string, description: string) => `${actor} restored "${description}".`,
  commented: (actor: string, description: string, text: string) => `${actor} commented on "${description}": ${text}`,
  joined: (actor: string, who: string) => (actor === who ? `${who} joined the group.` : `${actor} added ${who} to the group.`),
  left: (actor: string, who: string) => (actor === who ? `${who} left the group.` : `${actor} removed ${who} from the group.`),
  settled: (from: string, to: string, amountMinor: bigint, currency: Currency) =>
    `${from} paid ${to} ${formatAmount(amountMinor, currency)} ${currency}.`,
  settlementFailed: (from: string, to: string, amountMinor: bigint, currency: Currency, reason: string) =>
    `${from}'s payment of ${formatAmount(amountMinor, currency)} ${currency} to ${to} failed (${reason}).`,
};

/** A short description of an expense for the before/after of an edit. */
export const expenseSummary = (e: { description: string; amountMinor: bigint; currency: Currency }) =>
  `"${e.description}" ${formatAmount(e.amountMinor, e.currency)} ${e.currency}`;
