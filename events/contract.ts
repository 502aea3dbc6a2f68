/**
 * Event contracts: one zod schema per detail-type and version. Producers validate
 * before publishing, consumers validate on receipt, so a malformed event fails loudly
 * at the edge instead of deep inside a transaction.
 *
 * Every detail carries `version` (the contract version) and, for events routed to
 * FIFO queues, `messageGroupId` (the rule's MessageGroupId path points at it).
 * Completed/Failed events carry `topics`: the WebSocket topics they touch
 * (`account:<id>`, `group:<id>`, `user:<id>`), so fan-out needs no domain knowledge.
 */
import type { DomainEvent } from '../shared/bus/publisher';
import * as z from '../shared/validation/zod';

export interface EventContract<T extends Record<string, unknown>> {
  readonly type: string;
  readonly version: number;
  readonly schema: z.ZodMiniType<T>;
}

export const EnvelopeSchema = z.object({
  version: z.int().check(z.positive()),
  messageGroupId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  topics: z.optional(z.array(z.string())),
  occurredAt: z.string(),
});

export function defineEvent<T extends Record<string, unknown>>(type: string, version: number, schema: z.ZodMiniType<T>): EventContract<T> {
  return { type, version, schema };
}

export class EventContractError extends Error {
  constructor(type: string, issues: string) {
    super(`Event ${type} does not match its contract: ${issues}`);
    this.name = 'EventContractError';
  }
}

/** Validates on publish. */
export function domainEvent<T extends Record<string, unknown>>(contract: EventContract<T>, detail: T): DomainEvent {
  const parsed = contract.schema.safeParse(detail);
  if (!parsed.success) throw new EventContractError(contract.type, parsed.error.message);
  return { type: contract.type, detail: { ...(parsed.data as Record<string, unknown>), version: contract.version } };
}

/** Validates on consume. `raw` is the EventBridge event as delivered to SQS. */
export function parseEvent<T extends Record<string, unknown>>(contract: EventContract<T>, detail: unknown): T {
  const parsed = contract.schema.safeParse(detail);
  if (!parsed.success) throw new EventContractError(contract.type, parsed.error.message);
  return parsed.data;
}

/** The EventBridge event shape as a rule delivers it to an SQS queue. */
export const BusEventSchema = z.object({
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type BusEvent = z.infer<typeof BusEventSchema>;
