/**
 * The processor loop of an aggregate's FIFO queue, one batch at a time (accounts, products).
 *
 * Lambda hands a batch of up to 10 messages, several of one message group (one aggregate) in
 * order. The aggregate's adapter reads every aggregate and command of the batch and folds each
 * group's messages into one unit of work: the aggregate updated once for all of them, an entry
 * per message, a transition per command (shared/domain is the pure part). Units are packed
 * into as few TransactWriteItems as DynamoDB allows (shared/domain/batch-plan.ts). When a
 * transaction is cancelled, the cancellation reasons name the units whose conditions failed:
 * those are read and folded again, the others are written again at once, as they were. Only
 * after a unit commits do its messages go out (the next steps, the outcomes), so a crash in
 * between only leaves a redelivery, which finds the commands past those steps and sends again
 * what follows.
 *
 * A group that cannot be done goes back to the queue whole, in order; one that fails on its
 * first message's last delivery gives that message up (its command fails or compensates, the
 * message goes to the DLQ) and the rest of the group goes on, as in queue-processor.ts.
 */
import { createHash } from 'node:crypto';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { resources } from '../../manifest/resources';
import { backoff } from '../aws/backoff';
import { publish } from '../bus/publisher';
import { sendMessages } from '../bus/queues';
import { type PlannedTransaction, type PlanUnit, planTransactions, splitCancelled } from '../domain/batch-plan';
import { type TransactItem, transactWrite } from '../dynamo/transact';
import { commandIdOf } from '../observability/correlation';
import { lambdaEntry } from '../observability/entry';
import { logger } from '../observability/logger';
import { type Effects, mergeEffects } from '../sagas/commands';

/** Rounds of read, fold and write per batch before what is left goes back to the queue. */
export const MAX_PLAN_ROUNDS = 5;
const ROUND_BACKOFF_MS = 10;

export interface GroupWork extends PlanUnit {
  /** One transaction action per item key in `items`, in the same order. */
  readonly actions: readonly TransactItem[];
  readonly effects: Effects;
}

export interface Delivery<M> {
  readonly record: SQSRecord;
  readonly message: M;
  readonly receiveCount: number;
}

export interface StepAggregate<M> {
  /** The manifest queue (its maxReceiveCount decides a last delivery). */
  readonly queue: string;
  /** Throws for a body this queue does not carry (a poison message). */
  parse(body: string): M;
  /** Reads and folds each group's messages; a group whose fold throws gets its error. */
  plan(groups: ReadonlyMap<string, readonly M[]>, at: string): Promise<Map<string, GroupWork | Error>>;
  /** The action for an addition to a shared item (merged per transaction). */
  sharedAction(key: string, delta: bigint): TransactItem;
  /** The last delivery of this message failed: end or compensate its command without touching the aggregate. */
  giveUp(message: M, at: string): Promise<Effects>;
}

/** JSON with bigint, for a deterministic ClientRequestToken. */
const tokenOf = (items: readonly TransactItem[]): string =>
  createHash('sha256')
    .update(JSON.stringify(items, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))
    .digest('hex')
    .slice(0, 36);

/** Writes the units; answers the ids of those that committed and those whose condition failed. */
async function writeTransaction<M>(
  aggregate: StepAggregate<M>,
  tx: PlannedTransaction<GroupWork>,
): Promise<{ committed: GroupWork[]; refused: GroupWork[] }> {
  let units = [...tx.units];
  const committed: GroupWork[] = [];
  const refused: GroupWork[] = [];
  while (units.length > 0) {
    const [current] = planTransactions(units);
    if (!current) break;
    const items = [
      ...current.units.flatMap((u) => u.actions),
      ...[...current.shared].map(([key, delta]) => aggregate.sharedAction(key, delta)),
    ];
    const outcome = await transactWrite(items, { clientRequestToken: tokenOf(items) });
    if (outcome.ok) {
      committed.push(...current.units);
      return { committed, refused };
    }
    const split = splitCancelled(current, outcome.cancelled);
    refused.push(...split.refused);
    units = [...split.rest];
  }
  return { committed, refused };
}

function groupsOf<M>(deliveries: readonly Delivery<M>[], record: (d: Delivery<M>) => SQSRecord): Map<string, Delivery<M>[]> {
  const groups = new Map<string, Delivery<M>[]>();
  for (const d of deliveries) {
    const group = record(d).attributes?.MessageGroupId ?? '';
    groups.set(group, [...(groups.get(group) ?? []), d]);
  }
  return groups;
}

export function stepBatchProcessor<M>(aggregate: StepAggregate<M>) {
  const spec = resources.queues.find((q) => q.name === aggregate.queue);
  if (!spec?.fifo) throw new Error(`Invariant: ${aggregate.queue} is a FIFO queue of the manifest`);
  const isLastDelivery = (receiveCount: number) => receiveCount >= spec.maxReceiveCount;

  return lambdaEntry(async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => {
    const failed = new Set<string>();
    const fail = (records: readonly { record: SQSRecord }[]) => {
      for (const r of records) failed.add(r.record.messageId);
    };
    // Parse in order; a poison message holds its group back unless it is on its last delivery.
    const pending = new Map<string, Delivery<M>[]>();
    for (const [group, records] of groupsOf(
      event.Records.map((record) => ({ record, message: undefined as unknown as M, receiveCount: 0 })),
      (d) => d.record,
    )) {
      const parsed: Delivery<M>[] = [];
      for (const [index, { record }] of records.entries()) {
        const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
        try {
          parsed.push({ record, message: aggregate.parse(record.body), receiveCount });
        } catch (error) {
          logger.error('message is not what this queue carries; it goes to the DLQ', {
            messageId: record.messageId,
            error: error as Error,
          });
          failed.add(record.messageId);
          if (!isLastDelivery(receiveCount)) {
            fail(records.slice(index + 1));
            break;
          }
        }
      }
      if (parsed.length > 0) pending.set(group, parsed);
    }

    const done: Effects[] = [];
    const committedGroups: Delivery<M>[][] = [];
    let waiting = pending;
    for (let round = 1; waiting.size > 0; round += 1) {
      if (round > MAX_PLAN_ROUNDS) {
        logger.warn('groups still contended after every round; they go back to the queue', { groups: [...waiting.keys()] });
        for (const deliveries of waiting.values()) fail(deliveries);
        break;
      }
      if (round > 1) await backoff(round - 1, ROUND_BACKOFF_MS);
      const at = new Date().toISOString();
      const plans = await aggregate.plan(new Map([...waiting].map(([g, ds]) => [g, ds.map((d) => d.message)])), at);
      const next = new Map<string, Delivery<M>[]>();
      const works: GroupWork[] = [];
      for (const [group, deliveries] of waiting) {
        const work = plans.get(group);
        if (work instanceof Error || !work) {
          const [first, ...rest] = deliveries;
          logger.error('a group of messages could not be applied', {
            group,
            commandIds: commandIdsOf(deliveries),
            receiveCount: first?.receiveCount,
            error: work,
          });
          if (first && isLastDelivery(first.receiveCount)) {
            // Its message goes to the DLQ; its command ends or compensates; the rest of the group goes on.
            failed.add(first.record.messageId);
            done.push(await aggregate.giveUp(first.message, at));
            if (rest.length > 0) next.set(group, rest);
          } else fail(deliveries);
          continue;
        }
        works.push(work);
      }
      const results = await Promise.all(
        planTransactions(works).map((tx) =>
          writeTransaction(aggregate, tx).catch((error: Error) => {
            logger.error('transaction failed; its groups go back to the queue', {
              commandIds: tx.units.flatMap((unit) => commandIdsOf(waiting.get(unit.id) ?? [])),
              error,
            });
            for (const unit of tx.units) fail(waiting.get(unit.id) ?? []);
            return { committed: [], refused: [] };
          }),
        ),
      );
      for (const { committed, refused } of results) {
        for (const unit of committed) {
          done.push(unit.effects);
          const deliveries = waiting.get(unit.id) ?? [];
          committedGroups.push(deliveries);
          for (const d of deliveries)
            logger.debug('step applied', { correlation_id: commandIdOf(d.message), messageId: d.record.messageId, round });
        }
        for (const unit of refused) next.set(unit.id, waiting.get(unit.id) ?? []);
      }
      // Groups with nothing to write (every message stale) still have their effects.
      for (const [group, deliveries] of waiting) {
        const work = plans.get(group);
        if (work && !(work instanceof Error) && work.items.length + work.shared.size === 0) {
          done.push(work.effects);
          committedGroups.push(deliveries);
        }
      }
      waiting = next;
    }

    const effects = mergeEffects(done);
    try {
      await Promise.all([sendMessages(effects.messages), publish(effects.events)]);
      for (const metric of effects.metrics) metric();
    } catch (error) {
      // Committed, but its followers are not out: redelivered, the messages find their commands moved on and send them again.
      logger.error('sending what follows the committed steps failed; those messages are delivered again', {
        commandIds: committedGroups.flatMap(commandIdsOf),
        error: error as Error,
      });
      for (const deliveries of committedGroups) fail(deliveries);
    }
    const batchItemFailures: SQSBatchItemFailure[] = event.Records.filter((r) => failed.has(r.messageId)).map((r) => ({
      itemIdentifier: r.messageId,
    }));
    return { batchItemFailures };
  });
}

const commandIdsOf = <M>(deliveries: readonly Delivery<M>[]): string[] =>
  deliveries.map((d) => commandIdOf(d.message)).filter((id): id is string => id !== undefined);
