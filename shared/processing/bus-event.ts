/**
 * The EventBridge event an SQS message carries. A rule delivers the event itself as the
 * message body. On AWS, FIFO queues are fed by a pipe from an intake queue
 * (infra/constructs/fifo-intake.ts), and a pipe with no input template passes on its source's
 * event: possibly the intake queue's whole SQS record, whose `body` string is the EventBridge
 * event. Both shapes are accepted; anything else is a poison message.
 */
import { type BusEvent, BusEventSchema } from '../../events/contract';
import * as z from '../validation/zod';

/**
 * An SQS record as a pipe with an SQS source passes it on: the original message in `body`,
 * as the JSON text SQS holds or, since Pipes parses JSON bodies for its paths, as the object.
 */
const PipedRecordSchema = z.object({ body: z.union([z.string(), z.record(z.string(), z.unknown())]) });

export function busEventOf(messageBody: string): BusEvent {
  const message: unknown = JSON.parse(messageBody);
  const direct = BusEventSchema.safeParse(message);
  if (direct.success) return direct.data;
  const piped = PipedRecordSchema.safeParse(message);
  // Neither shape: throw the direct parse's error, which names what an event lacks.
  if (!piped.success) throw direct.error;
  // One level only: an intake record's body is the event a rule delivered, never another record.
  const { body } = piped.data;
  return BusEventSchema.parse(typeof body === 'string' ? JSON.parse(body) : body);
}
