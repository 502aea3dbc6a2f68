/**
 * The AsyncAPI 3.0 document of the WebSocket protocol (`GET /asyncapi.json`), beside the
 * OpenAPI document of the REST API. The client messages come from the same zod schemas the
 * routes validate with (messages.ts); actions from the manifest's WebSocket routes; pushed
 * event types from the manifest's outcome list. Replies are TypeScript types there, so their
 * schemas are written here, next to the limits they quote.
 */
import { OUTCOME_EVENT_TYPES } from '../../manifest/resources';
import * as z from '../validation/zod';
import {
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  MAX_TOPIC_CHARS_PER_MESSAGE,
  MAX_TOPICS_PER_MESSAGE,
  PingMessageSchema,
  SubscribeMessageSchema,
  UnsubscribeMessageSchema,
} from './messages';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

const object = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  properties,
  required,
});
const constant = (value: string): JsonSchema => ({ type: 'string', const: value });
const topics: JsonSchema = { type: 'array', items: { type: 'string' } };
const TOPIC_DESCRIPTION =
  '`account:<id>` (its owner), `group:<id>` (its members), `user:me` or `user:<own id>`; admins may subscribe to any.';

/** Message name → [summary, payload]. */
function messages(): Record<string, [string, JsonSchema]> {
  return {
    subscribe: [
      `Subscribe to topics: ${TOPIC_DESCRIPTION} At most ${MAX_TOPICS_PER_MESSAGE} topics and ${MAX_TOPIC_CHARS_PER_MESSAGE} characters per message, ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection.`,
      jsonSchema(SubscribeMessageSchema),
    ],
    unsubscribe: ['Unsubscribe from topics; one never subscribed is no error.', jsonSchema(UnsubscribeMessageSchema)],
    ping: ['Keeps the connection from its 10-minute idle limit; answered with pong.', jsonSchema(PingMessageSchema)],
    subscribed: ['The topics now subscribed, as the client spelled them.', object({ type: constant('subscribed'), topics })],
    unsubscribed: ['The topics no longer subscribed.', object({ type: constant('unsubscribed'), topics })],
    pong: ['The answer to ping.', object({ type: constant('pong') })],
    topicRefused: [
      'A topic the caller may not see (or that does not exist): not subscribed; the others in the message still are.',
      object({ type: constant('error'), status: { type: 'integer', const: 403 }, topic: { type: 'string' } }),
    ],
    error: [
      '400: the message is malformed or over a limit (nothing was done); 401: the connection is unknown, reconnect; 500: try again.',
      object({ type: constant('error'), status: { type: 'integer', enum: [400, 401, 500] }, detail: { type: 'string' } }),
    ],
    event: [
      'A completed or failed outcome touching the topic. `seq` numbers the pushes of a topic 1, 2, 3, … across all its subscribers and both spellings of `user:`; a number skipped means a push was missed: re-read the resource. Numbers may arrive out of order, and a redelivered outcome may come again under a new number with the same `event.id` (drop it). A topic counts only pushes made while someone subscribed to it, so after connecting or reconnecting, re-read first.',
      object({
        type: constant('event'),
        topic: { type: 'string', description: 'As the client subscribed to it.' },
        seq: { type: 'integer', minimum: 1 },
        event: object({
          id: { type: 'string', description: 'Stable per outcome (`<id>:<status>`).' },
          type: { type: 'string', enum: [...OUTCOME_EVENT_TYPES] },
          occurredAt: { type: 'string', format: 'date-time' },
          data: { type: 'object', description: 'The outcome: the resource id, status, amounts, failureReason.' },
        }),
      }),
    ],
  };
}

const ref = (name: string) => ({ $ref: `#/channels/live/messages/${name}` });

/** Each client action: the messages it is answered with. */
const REPLIES: Record<string, readonly string[]> = {
  subscribe: ['subscribed', 'topicRefused', 'error'],
  unsubscribe: ['unsubscribed', 'error'],
  ping: ['pong', 'error'],
};

/** `m`: the manifest's WebSocket routes (its caller, a handler, passes the manifest). */
export function buildAsyncApiDocument(m: { readonly wsRoutes: readonly { readonly routeKey: string }[] }): Record<string, unknown> {
  const all = messages();
  const actions = m.wsRoutes.map((r) => r.routeKey).filter((key) => !key.startsWith('$') && Object.hasOwn(REPLIES, key));
  const operations: Record<string, unknown> = {
    receiveEvent: { action: 'receive', channel: { $ref: '#/channels/live' }, summary: 'Pushes', messages: [ref('event')] },
  };
  for (const action of actions) {
    operations[action] = {
      action: 'send',
      channel: { $ref: '#/channels/live' },
      summary: all[action]?.[0],
      messages: [ref(action)],
      reply: { channel: { $ref: '#/channels/live' }, messages: (REPLIES[action] ?? []).map(ref) },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Evenly live updates',
      version: '1.0.0',
      description:
        'Connect with `?token=<accessToken>` (a bad or missing token is refused at connect). Send JSON messages with an `action`; receive replies and pushes with a `type`. API Gateway closes a connection after 2 hours, or 10 idle minutes.',
    },
    channels: {
      live: {
        address: '/',
        description: 'The one WebSocket connection; `token` is the query parameter.',
        messages: Object.fromEntries(Object.entries(all).map(([name, [summary, payload]]) => [name, { name, summary, payload }])),
      },
    },
    operations,
  };
}
