/** SQS client for the few handlers that talk to queues directly (health, redrive). */
import { SQSClient } from '@aws-sdk/client-sqs';

// Address the configured endpoint, not the host inside a queue URL (local queue URLs name a host that only resolves by convention).
export const sqs = new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false });
