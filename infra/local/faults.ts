/**
 * Fault injection for the local runtime, off unless a caller passes a `Faults`
 * object (the chaos run does). Production handlers carry no test branches: faults
 * are applied around them, by the bus and the queue pollers.
 */
import type { SQSRecord } from 'aws-lambda';
import type { BusEvent } from './bus';

export interface Faults {
  /** Accept the PutEvents entry but never deliver it (the write-then-publish gap). */
  dropPublish(event: BusEvent): boolean;
  /** Invoke the processor a second time with the same records (duplicate delivery). */
  duplicateDelivery(queue: string, record: SQSRecord): boolean;
  /** The processor committed but "crashed" before the poller deleted the message. */
  crashAfterCommit(queue: string, record: SQSRecord): boolean;
}

export const noFaults: Faults = {
  dropPublish: () => false,
  duplicateDelivery: () => false,
  crashAfterCommit: () => false,
};
