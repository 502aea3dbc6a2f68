/**
 * Usage meters for the cost model, attached from outside the handlers: DynamoDB
 * capacity from ReturnConsumedCapacity (a middleware on the shared client adds it),
 * Lambda invocations with durations, and events published on the bus.
 */
import type { BusEvent } from '../../infra/local/bus';
import { observeInvocations } from '../../infra/local/lambda';
import { dynamo } from '../../shared/dynamo/client';

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
/**
 * AWS charges a transactional write twice a standard one (prepare and commit), but
 * DynamoDB Local reports standard units for TransactWriteItems (a 5-item transfer
 * posting comes back as 6 units, table and index writes together), so those are doubled here.
 */
export const TRANSACTIONAL_WRITE_FACTOR = 2;

export class Meters {
  readUnits = 0;
  writeUnits = 0;
  events = 0;
  readonly invocations = new Map<string, { count: number; ms: number; records: number }>();

  install(): void {
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        const command = context.commandName ?? '';
        const isWrite = WRITES.test(command);
        const factor = command.startsWith('TransactWrite') ? TRANSACTIONAL_WRITE_FACTOR : 1;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          if (isWrite) this.writeUnits += factor * (c.WriteCapacityUnits ?? c.CapacityUnits ?? 0);
          else this.readUnits += c.ReadCapacityUnits ?? c.CapacityUnits ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'benchCapacity' },
    );
    observeInvocations((name, ms, event) => {
      const entry = this.invocations.get(name) ?? { count: 0, ms: 0, records: 0 };
      entry.count += 1;
      entry.ms += ms;
      entry.records += Array.isArray((event as { Records?: unknown[] })?.Records) ? (event as { Records: unknown[] }).Records.length : 1;
      this.invocations.set(name, entry);
    });
  }

  onEvent = (_event: BusEvent): void => {
    this.events += 1;
  };

  reset(): void {
    this.readUnits = 0;
    this.writeUnits = 0;
    this.events = 0;
    this.invocations.clear();
  }
}
