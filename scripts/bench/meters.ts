/**
 * Usage meters for the cost model, attached from outside the handlers: DynamoDB
 * capacity from ReturnConsumedCapacity (a middleware on the shared client adds it),
 * SQS requests the handlers send, Lambda invocations with durations, events published on
 * the bus and WebSocket pushes.
 */
import type { BusEvent } from '../../events/contract';
import { observeInvocations } from '../../infra/local/lambda';
import { manifest } from '../../manifest/manifest';
import { sqs } from '../../shared/bus/queues';
import { dynamo } from '../../shared/dynamo/client';
import { managementClient } from '../../shared/ws/post';

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: Capacity;
  GlobalSecondaryIndexes?: Record<string, Capacity>;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
/** AWS charges a transactional write twice a standard one: prepare and commit. */
export const TRANSACTIONAL_WRITE_FACTOR = 2;

const units = (c: Capacity | undefined, write: boolean) => (write ? c?.WriteCapacityUnits : c?.ReadCapacityUnits) ?? c?.CapacityUnits ?? 0;

/**
 * Write units of one request. AWS rounds each item up to 1 KB on its own, but DynamoDB Local
 * reports a TransactWriteItems table figure from the items' summed size (five 100-byte puts
 * come back as 2 units in all), so a transaction's table units are counted per item here:
 * TRANSACTIONAL_WRITE_FACTOR each, as every item the pipeline writes is under 1 KB. AWS
 * applies that factor to the table alone: an index write inside a transaction costs what it
 * costs outside one (measured on DynamoDB, nubo-db/dynoxide#188), while DynamoDB Local
 * reports it doubled, so a transaction's index units are halved back.
 */
export function writeUnits(command: string, consumed: Capacity, input: Record<string, unknown>): number {
  const indexes = Object.values(consumed.GlobalSecondaryIndexes ?? {}).reduce((sum, c) => sum + units(c, true), 0);
  if (command.startsWith('TransactWrite')) {
    const items = (input.TransactItems as unknown[] | undefined)?.length ?? 0;
    return TRANSACTIONAL_WRITE_FACTOR * items + indexes / TRANSACTIONAL_WRITE_FACTOR;
  }
  return consumed.Table ? units(consumed.Table, true) + indexes : units(consumed, true);
}

export class Meters {
  /**
   * Off until the first reset: the throughput runs before the metered phases do not pay for
   * ReturnConsumedCapacity and the counting (about a tenth of a transfer's Node CPU).
   */
  private active = false;
  readUnits = 0;
  writeUnits = 0;
  events = 0;
  pushes = 0;
  /** Requests of the handlers' SQS client (SendMessageBatch), by the kind of queue they went to. */
  readonly sqsRequests = { fifo: 0, standard: 0 };
  readonly invocations = new Map<string, { count: number; ms: number; records: number }>();

  install(): void {
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.active) return next(args);
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity ??= 'INDEXES';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        const command = context.commandName ?? '';
        const isWrite = WRITES.test(command);
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          if (isWrite) this.writeUnits += writeUnits(command, c, input);
          else this.readUnits += units(c, false);
        }
        return result;
      },
      { step: 'initialize', name: 'benchCapacity' },
    );
    const fifoUrlVars = new Set(manifest.queues.filter((q) => q.fifo).map((q) => q.envVar));
    sqs.middlewareStack.add(
      (next) => async (args) => {
        if (!this.active) return next(args);
        const url = (args.input as { QueueUrl?: string }).QueueUrl;
        const isFifo = [...fifoUrlVars].some((name) => process.env[name] === url);
        this.sqsRequests[isFifo ? 'fifo' : 'standard'] += 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchSqsRequests' },
    );
    observeInvocations((name, ms, event) => {
      if (!this.active) return;
      const entry = this.invocations.get(name) ?? { count: 0, ms: 0, records: 0 };
      entry.count += 1;
      entry.ms += ms;
      entry.records += Array.isArray((event as { Records?: unknown[] })?.Records) ? (event as { Records: unknown[] }).Records.length : 1;
      this.invocations.set(name, entry);
    });
  }

  onEvent = (_event: BusEvent): void => {
    if (this.active) this.events += 1;
  };

  /** Counts pushes, posted through the `@connections` client; call once the runtime has set its endpoint. */
  installPushCounter(): void {
    managementClient().middlewareStack.add(
      (next) => async (args) => {
        if (this.active) this.pushes += 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchPushes' },
    );
  }

  /** Zeroes every meter and starts metering. */
  reset(): void {
    this.active = true;
    this.readUnits = 0;
    this.writeUnits = 0;
    this.events = 0;
    this.pushes = 0;
    this.sqsRequests.fifo = 0;
    this.sqsRequests.standard = 0;
    this.invocations.clear();
  }
}
