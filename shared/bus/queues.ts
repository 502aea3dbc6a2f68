/** SQS client for the few handlers that talk to queues directly (health, redrive). */
import { SQSClient } from '@aws-sdk/client-sqs';

export const sqs = new SQSClient({ maxAttempts: 3 });
