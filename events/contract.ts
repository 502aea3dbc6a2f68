/**
 * Contracts: one zod schema per message type and version. Producers validate before
 * sending, consumers validate on receipt, so a malformed message fails loudly at the
 * edge instead of deep inside a transaction.
 *
 * Two kinds travel:
 * - **Queue messages** (`queueMessage`): a command for one aggregate, sent straight to its
 *   FIFO queue by the code that knows the aggregate (`groupId`, the FIFO message group), with
 *   a stable id that is its deduplication id. The manifest says which queue takes which type.
 * - **Domain events** (`domainEvent`): outcomes (`*Completed`, `*Failed`) published to
 *   EventBridge for the WebSocket fan-out and for anyone else. Every detail carries `version`;
 *   outcomes carry `topics`, the WebSocket topics they touch (`account:<id>`, `group:<id>`,
 *   `user:<id>`), so the fan-out needs no domain knowledge.
 */
import * as z from '../shared/validation/zod';

/** The EventBridge `source` of every event Evenly publishes (the manifest's rules match on it). */
export const EVENT_SOURCE = 'evenly';

export interface Contract<T extends Record<string, unknown>> {
  readonly type: string;
  readonly version: number;
  readonly schema: z.ZodMiniType<T>;
  /** When it is sent or emitted, for the catalogue (docs/events.md). */
  readonly description: string;
}

export function defineContract<T extends Record<string, unknown>>(
  type: string,
  version: number,
  schema: z.ZodMiniType<T>,
  description: string,
): Contract<T> {
  return { type, version, schema, description };
}

export class ContractError extends Error {
  constructor(type: string, issues: string) {
    super(`${type} does not match its contract: ${issues}`);
    this.name = 'ContractError';
  }
}

function validated<T extends Record<string, unknown>>(contract: Contract<T>, detail: unknown): T {
  const parsed = contract.schema.safeParse(detail);
  if (!parsed.success) throw new ContractError(contract.type, parsed.error.message);
  return parsed.data;
}

/** An outcome for the bus: `type` becomes the EventBridge detail-type. */
export interface DomainEvent {
  readonly type: string;
  readonly detail: Record<string, unknown>;
}

/** Validates on publish. */
export function domainEvent<T extends Record<string, unknown>>(contract: Contract<T>, detail: T): DomainEvent {
  return { type: contract.type, detail: { ...validated(contract, detail), version: contract.version } };
}

/** Validates on consume (an event's or a queue message's detail). */
export function parseDetail<T extends Record<string, unknown>>(contract: Contract<T>, detail: unknown): T {
  return validated(contract, detail);
}

/**
 * The EventBridge event, as the bus routes it and a rule delivers it to an SQS queue (the
 * local bus builds the same). The envelope fields nothing here reads are optional.
 */
export const BusEventSchema = z.object({
  version: z.optional(z.string()),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.optional(z.string()),
  time: z.string(),
  region: z.optional(z.string()),
  resources: z.optional(z.array(z.string())),
  detail: z.record(z.string(), z.unknown()),
});
export type BusEvent = z.infer<typeof BusEventSchema>;

/** SQS FIFO limits: MessageGroupId and MessageDeduplicationId are at most 128 characters. */
export const MAX_FIFO_ID_LENGTH = 128;
const FifoIdSchema = z.string().check(z.minLength(1), z.maxLength(MAX_FIFO_ID_LENGTH), z.regex(/^[\x21-\x7e]+$/));

/** The body of a FIFO queue message. `id` is its deduplication id: the command or step it carries. */
export const QueueMessageSchema = z.object({
  type: z.string(),
  version: z.int(),
  id: FifoIdSchema,
  detail: z.record(z.string(), z.unknown()),
});
export type QueueMessage = z.infer<typeof QueueMessageSchema>;

/** A queue message with its FIFO message group (the aggregate it is for). */
export interface OutgoingMessage {
  readonly groupId: string;
  readonly body: QueueMessage;
}

export const OutgoingMessageSchema = z.object({ groupId: FifoIdSchema, body: QueueMessageSchema });

/** Validates on send. `id` must be stable for the step (a re-send is then deduplicated by SQS within 5 minutes). */
export function queueMessage<T extends Record<string, unknown>>(
  contract: Contract<T>,
  detail: T,
  address: { readonly groupId: string; readonly id: string },
): OutgoingMessage {
  return OutgoingMessageSchema.parse({
    groupId: address.groupId,
    body: { type: contract.type, version: contract.version, id: address.id, detail: validated(contract, detail) },
  });
}
