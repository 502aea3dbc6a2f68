/**
 * The seeded fault plan of a chaos run. Each decision hashes (seed, fault kind, the
 * stable identity of what it applies to, attempt), so the same seed faults the same
 * operations whatever the interleaving of concurrent clients.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { type Faults, loseSends, type SentEntry } from '../../infra/local/faults';
import { sqs } from '../../shared/bus/queues';
import { dynamo } from '../../shared/dynamo/client';

export interface FaultRates {
  readonly duplicateDelivery: number;
  readonly crashAfterCommit: number;
  readonly lostSend: number;
  readonly conflict: number;
}

export const DEFAULT_RATES: FaultRates = { duplicateDelivery: 0.08, crashAfterCommit: 0.05, lostSend: 0.05, conflict: 0.05 };

export type FaultCounts = Record<keyof FaultRates | 'poison', number>;

/** A uniform number in [0, 1) from the hash of its inputs. */
export function chance(seed: number, ...parts: (string | number)[]): number {
  const digest = createHash('sha256')
    .update([seed, ...parts].join('|'))
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

const identityOf = (detail: Record<string, unknown>): string =>
  String(detail.transferId ?? detail.purchaseId ?? detail.expenseId ?? detail.settlementId ?? JSON.stringify(detail));

function recordIdentity(record: SQSRecord): string {
  try {
    const event = JSON.parse(record.body) as { 'detail-type': string; detail: Record<string, unknown> };
    return `${event['detail-type']}:${identityOf(event.detail)}:${record.attributes.ApproximateReceiveCount}`;
  } catch {
    return record.body;
  }
}

export class ChaosFaults implements Faults {
  readonly counts: FaultCounts = { duplicateDelivery: 0, crashAfterCommit: 0, lostSend: 0, conflict: 0, poison: 0 };
  private readonly attempts = new Map<string, number>();
  enabled = true;

  constructor(
    private readonly seed: number,
    private readonly rates: FaultRates = DEFAULT_RATES,
  ) {}

  private decide(kind: keyof FaultRates, identity: string): boolean {
    if (!this.enabled) return false;
    const hit = chance(this.seed, kind, identity) < this.rates[kind];
    if (hit) this.counts[kind] += 1;
    return hit;
  }

  /**
   * A queue message lost after the record that waits on it was written (the write-then-send
   * gap); the sweeper sends it again from the record. The n-th send of the same message gets
   * its own draw, so the sweeper's re-send may be lost too.
   */
  private loseSend({ body }: SentEntry): boolean {
    const identity = `${body.type}:${body.id}`;
    const attempt = (this.attempts.get(identity) ?? 0) + 1;
    this.attempts.set(identity, attempt);
    return this.decide('lostSend', `${identity}:${attempt}`);
  }

  /** Lost sends at the SDK layer, on the SQS client every handler in this process uses. */
  installLostSends(): void {
    loseSends(sqs, (entry) => this.loseSend(entry));
  }

  duplicateDelivery(queue: string, record: SQSRecord): boolean {
    return queue !== 'notify' && this.decide('duplicateDelivery', recordIdentity(record));
  }

  crashAfterCommit(queue: string, record: SQSRecord): boolean {
    return queue !== 'notify' && this.decide('crashAfterCommit', recordIdentity(record));
  }

  /**
   * TransactionConflict at the SDK layer (DynamoDB Local never reports one), on the
   * shared client every handler in this process uses; production code is unchanged.
   */
  installConflicts(): void {
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' || context.commandName === 'TransactWriteCommand') {
          const input = args.input as {
            TransactItems?: { Update?: { Key?: Record<string, unknown> }; Put?: { Item?: Record<string, unknown> } }[];
          };
          const first = input.TransactItems?.[0];
          const identity = JSON.stringify(first?.Update?.Key ?? first?.Put?.Item?.pk ?? '');
          const attempt = (this.attempts.get(identity) ?? 0) + 1;
          this.attempts.set(identity, attempt);
          if (this.decide('conflict', `${identity}:${attempt}`)) {
            throw new TransactionCanceledException({
              message: 'Transaction cancelled (injected conflict)',
              $metadata: {},
              CancellationReasons: [{ Code: 'TransactionConflict' }],
            });
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'chaosConflicts' },
    );
  }
}
