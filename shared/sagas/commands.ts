/**
 * Transfers and purchases as saga commands: how a record moves from one step to the next
 * (one conditioned update on the record, in the same transaction as the step's own writes),
 * and what it tells others when it moves or ends. The rules themselves are pure
 * (shared/domain/sagas.ts); this module turns them into record updates and messages.
 */
import type { DomainEvent, OutgoingMessage } from '../../events/contract';
import type { CommandStatus, FailureReason } from '../domain/ledger';
import { afterStep, inFlightAt, type SagaCommand, type StepName, targetOf } from '../domain/sagas';
import { batchGetConsistent, foundItem } from '../dynamo/batch-get';
import { mainTableName } from '../dynamo/client';
import { incomingIndexAttributes, type Key, keys } from '../dynamo/keys';
import { type TransactItem, transactWrite } from '../dynamo/transact';
import { followUpMessages, outcomeEvent, type TransferItem, transferSaga } from '../ledger/transfers';
import { logger } from '../observability/logger';
import { commandCompleted, commandFailed } from '../observability/metrics';
import { type PurchaseItem, purchaseOutcomeEvent, purchaseSaga } from '../shop/purchases';
import { type SagaType, stepMessage } from './messages';

/** The fields of a transfer or purchase record the saga reads and writes. */
export interface SagaRecord extends Key {
  readonly id: string;
  readonly status: CommandStatus;
  readonly step?: StepName;
  readonly currency: string;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly failedAt?: string;
  readonly failureReason?: string;
  /** Why a compensating step runs: the failure the command ends with once it has given everything back. */
  readonly pendingFailureReason?: string;
  readonly requestedMessage?: string;
  readonly inFlightMinor?: number | bigint;
}

interface SagaAdapter {
  readonly key: (id: string) => Key;
  readonly saga: (record: SagaRecord) => SagaCommand;
  /** The kind metrics count it under (`transfer`, `deposit`, …, `purchase`). */
  readonly metricKind: (record: SagaRecord) => string;
  /** What an ended command tells the world (bus) and other aggregates (queues). */
  readonly ended: (record: SagaRecord) => { readonly events: DomainEvent[]; readonly messages: OutgoingMessage[] };
}

export const SAGAS: Readonly<Record<SagaType, SagaAdapter>> = {
  transfer: {
    key: keys.transfer,
    saga: (r) => transferSaga(r as unknown as TransferItem),
    metricKind: (r) => (r as unknown as TransferItem).kind,
    ended: (r) => ({ events: [outcomeEvent(r as unknown as TransferItem)], messages: followUpMessages(r as unknown as TransferItem) }),
  },
  purchase: {
    key: keys.purchase,
    saga: (r) => purchaseSaga(r as unknown as PurchaseItem),
    metricKind: () => 'purchase',
    ended: (r) => ({ events: [purchaseOutcomeEvent(r as unknown as PurchaseItem)], messages: [] }),
  },
};

export const isPendingAt = (record: SagaRecord | undefined, step: StepName): record is SagaRecord =>
  record?.status === 'PENDING' && record.step === step;

/** What a command does after its step: the next step's message, or its outcome once ended. */
export interface Effects {
  readonly messages: readonly OutgoingMessage[];
  readonly events: readonly DomainEvent[];
  /** Business metrics, emitted once the step is committed. */
  readonly metrics: readonly (() => void)[];
}

export const NO_EFFECTS: Effects = { messages: [], events: [], metrics: [] };

export const mergeEffects = (all: readonly Effects[]): Effects => ({
  messages: all.flatMap((e) => e.messages),
  events: all.flatMap((e) => e.events),
  metrics: all.flatMap((e) => e.metrics),
});

/**
 * A message for a step the command is no longer waiting for (a redelivery, a duplicate, the
 * sweeper's re-send of an earlier step): nothing is written; what follows from where the command
 * stands is sent again (its current step's message, or its outcome), which its receivers
 * handle idempotently. A crash between a step's commit and its sends loses nothing this way.
 */
export function effectsOfStale(type: SagaType, record: SagaRecord | undefined): Effects {
  if (!record) return NO_EFFECTS;
  if (record.status !== 'PENDING') return { ...SAGAS[type].ended(record), metrics: [] };
  const requested = typeof record.requestedMessage === 'string' ? [JSON.parse(record.requestedMessage) as OutgoingMessage] : [];
  return { messages: requested, events: [], metrics: [] };
}

export interface Advanced {
  /** The record update, conditioned on the command still waiting for `step`. */
  readonly update: TransactItem;
  readonly after: SagaRecord;
  readonly effects: Effects;
}

/** Moves a command past `step`: done, or refused with `reason`. */
export function advance(
  type: SagaType,
  table: string,
  record: SagaRecord,
  step: StepName,
  outcome: { readonly done: true } | { readonly done: false; readonly reason: FailureReason },
  at: string,
): Advanced {
  const adapter = SAGAS[type];
  const saga = adapter.saga(record);
  const transition = afterStep(saga, step, outcome.done ? 'done' : 'refused');
  const reason = outcome.done ? record.pendingFailureReason : outcome.reason;
  const set: Record<string, unknown> = { updatedAt: at };
  const remove: string[] = [];
  let effects: Effects;
  let after: SagaRecord;
  if (transition.kind === 'next') {
    const message = stepMessage(type, record.id, saga, transition.step);
    const inFlight = inFlightAt(saga, transition.step);
    const target = targetOf(saga, transition.step);
    Object.assign(set, { step: transition.step, requestedMessage: JSON.stringify(message) });
    if (reason) set.pendingFailureReason = reason;
    if (inFlight > 0n && target.aggregate === 'account')
      Object.assign(set, { inFlightMinor: inFlight }, incomingIndexAttributes(target.id, record.id));
    else remove.push('inFlightMinor', 'incomingPk', 'incomingSk');
    after = { ...record, step: transition.step, requestedMessage: set.requestedMessage as string, inFlightMinor: inFlight };
    if (reason) after = { ...after, pendingFailureReason: reason };
    effects = { messages: [message], events: [], metrics: [] };
  } else {
    const ending = transition.status === 'COMPLETED' ? { completedAt: at } : { failedAt: at, failureReason: reason ?? 'PROCESSING_ERROR' };
    Object.assign(set, { status: transition.status }, ending);
    remove.push('pendingPk', 'pendingSk', 'requestedMessage', 'inFlightMinor', 'incomingPk', 'incomingSk', 'pendingFailureReason');
    const { requestedMessage: _sent, inFlightMinor: _held, pendingFailureReason: _why, ...rest } = record;
    after = { ...rest, status: transition.status, ...ending };
    const kind = adapter.metricKind(record);
    const ended = adapter.ended(after);
    const metric =
      transition.status === 'COMPLETED'
        ? () => commandCompleted(kind, Date.parse(at) - Date.parse(record.createdAt))
        : () => commandFailed(kind, after.failureReason ?? 'PROCESSING_ERROR');
    effects = { ...ended, metrics: [metric] };
  }
  const names = Object.keys(set);
  return {
    update: {
      Update: {
        TableName: table,
        Key: adapter.key(record.id),
        UpdateExpression: [`SET ${names.map((_, i) => `#s${i} = :s${i}`).join(', ')}`, remove.length ? `REMOVE ${remove.join(', ')}` : '']
          .filter(Boolean)
          .join(' '),
        ConditionExpression: '#status = :pending AND #step = :step',
        ExpressionAttributeNames: { '#status': 'status', '#step': 'step', ...Object.fromEntries(names.map((n, i) => [`#s${i}`, n])) },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':step': step, ...Object.fromEntries(names.map((n, i) => [`:s${i}`, set[n]])) },
      },
    },
    after,
    effects,
  };
}

/**
 * The last delivery of a step failed on something other than a business rule (a damaged item,
 * a bug): the command treats it as refused with PROCESSING_ERROR, so it fails or gives back what
 * it took, without touching the aggregate that failed. A step that gives money or stock back
 * cannot be refused: its command keeps it in flight (the reconciliation sees it) until the DLQ
 * message is redriven after the fix.
 */
export async function giveUpStep(type: SagaType, commandId: string, step: StepName, at: string): Promise<Effects> {
  const key = SAGAS[type].key(commandId);
  const record = foundItem(await batchGetConsistent([key]), key) as SagaRecord | undefined;
  if (!isPendingAt(record, step)) return NO_EFFECTS;
  try {
    afterStep(SAGAS[type].saga(record), step, 'refused');
  } catch {
    logger.error('a step that gives back cannot be given up; its command keeps it in flight until the DLQ message is redriven', {
      commandId,
      step,
    });
    return NO_EFFECTS;
  }
  const advanced = advance(type, mainTableName(), record, step, { done: false, reason: 'PROCESSING_ERROR' }, at);
  return (await transactWrite([advanced.update])).ok ? advanced.effects : NO_EFFECTS;
}
