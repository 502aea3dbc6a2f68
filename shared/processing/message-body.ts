/**
 * What an SQS message body carries: on a FIFO queue, a queue message sent by code
 * (events/contract.ts); on the notify queue, the EventBridge event a rule delivered.
 * Anything else is a poison message: it fails until the DLQ takes it.
 */
import { type BusEvent, BusEventSchema, type QueueMessage, QueueMessageSchema } from '../../events/contract';

export const busEventOf = (messageBody: string): BusEvent => BusEventSchema.parse(JSON.parse(messageBody));

export const queueMessageOf = (messageBody: string): QueueMessage => QueueMessageSchema.parse(JSON.parse(messageBody));
