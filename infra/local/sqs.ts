/**
 * fauxqs in-process: every manifest queue and its DLQ, with the manifest's settings, and the
 * dead-letter queues of event rules and schedules (which the local bus never fills, since it
 * delivers in-process, but which `admin redrive` reads as on AWS).
 * Queue URLs name `sqs.<region>.localhost`; every client here sends to the configured
 * endpoint instead (`useQueueUrlAsEndpoint: false` or an explicit endpoint).
 */
import { startFauxqs } from 'fauxqs';
import { manifest as defaultManifest, dlqName, type Manifest, type QueueSpec } from '../../manifest/manifest';
import { DEAD_LETTER_RETENTION_DAYS, deadLetterSources } from '../dead-letters';

export interface LocalQueues {
  readonly endpoint: string;
  /** Queue URL by logical queue name (and `<name>-dlq`). */
  readonly urls: Record<string, string>;
  readonly arns: Record<string, string>;
  stop(): Promise<void>;
}

export const physicalQueueName = (prefix: string, name: string, fifo: boolean): string => `${prefix}-${name}${fifo ? '.fifo' : ''}`;

export async function startQueues(prefix: string, m: Manifest = defaultManifest): Promise<LocalQueues> {
  const server = await startFauxqs({ port: 0, logger: false, host: 'localhost' });
  const urls: Record<string, string> = {};
  const arns: Record<string, string> = {};
  const fifoAttributes = (q: QueueSpec): Record<string, string> => (q.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {});
  for (const queue of m.queues) {
    const dlq = server.createQueue(physicalQueueName(prefix, dlqName(queue), queue.fifo), {
      attributes: { ...fifoAttributes(queue), MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * 24 * 3600) },
    });
    const main = server.createQueue(physicalQueueName(prefix, queue.name, queue.fifo), {
      attributes: {
        ...fifoAttributes(queue),
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: queue.maxReceiveCount }),
      },
    });
    urls[queue.name] = main.queueUrl;
    arns[queue.name] = main.queueArn;
    urls[dlqName(queue)] = dlq.queueUrl;
    arns[dlqName(queue)] = dlq.queueArn;
  }
  for (const source of deadLetterSources(m).filter((s) => s.origin !== 'queue')) {
    const dlq = server.createQueue(physicalQueueName(prefix, source.dlqName, false), {
      attributes: { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * 24 * 3600) },
    });
    urls[source.dlqName] = dlq.queueUrl;
    arns[source.dlqName] = dlq.queueArn;
  }
  return { endpoint: `http://127.0.0.1:${server.port}`, urls, arns, stop: () => server.stop() };
}
