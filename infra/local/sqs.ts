/**
 * fauxqs on a worker thread (sqs-worker.mjs): every manifest queue and its DLQ, with the
 * manifest's settings, and the dead-letter queues of event rules and schedules (which the
 * local bus never fills, since it delivers in-process, but which `admin redrive` reads as on
 * AWS). Serving SQS on its own thread keeps it off the event loop every handler shares, as
 * DynamoDB Local runs in its own process: under saturating load fauxqs took about a tenth of
 * that loop.
 * Queue URLs name `sqs.<region>.localhost`; every client here sends to the configured
 * endpoint instead (`useQueueUrlAsEndpoint: false` or an explicit endpoint).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { manifest as defaultManifest, dlqName, type Manifest, type QueueSpec } from '../../manifest/manifest';
import { DEAD_LETTER_RETENTION_DAYS, deadLetterSources } from '../dead-letters';

export interface LocalQueues {
  readonly endpoint: string;
  /** Queue URL by logical queue name (and `<name>-dlq`). */
  readonly urls: Record<string, string>;
  readonly arns: Record<string, string>;
  stop(): Promise<void>;
}

/** One queue for the worker to create (sqs-worker.mjs), keyed by its logical name. */
interface QueueToCreate {
  readonly key: string;
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly deadLetterTo?: string;
  readonly maxReceiveCount?: number;
}

type WorkerReply = { port: number; created: Record<string, { url: string; arn: string }> } | { error: string };

export const physicalQueueName = (prefix: string, name: string, fifo: boolean): string => `${prefix}-${name}${fifo ? '.fifo' : ''}`;

const RETAIN_DEAD_LETTERS = { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * 24 * 3600) };

function queuesToCreate(prefix: string, m: Manifest): QueueToCreate[] {
  const fifoAttributes = (q: QueueSpec): Record<string, string> => (q.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {});
  return [
    ...m.queues.flatMap((queue): QueueToCreate[] => [
      {
        key: dlqName(queue),
        name: physicalQueueName(prefix, dlqName(queue), queue.fifo),
        attributes: { ...fifoAttributes(queue), ...RETAIN_DEAD_LETTERS },
      },
      {
        key: queue.name,
        name: physicalQueueName(prefix, queue.name, queue.fifo),
        attributes: { ...fifoAttributes(queue), VisibilityTimeout: String(queue.visibilityTimeoutSeconds) },
        deadLetterTo: dlqName(queue),
        maxReceiveCount: queue.maxReceiveCount,
      },
    ]),
    ...deadLetterSources(m)
      .filter((s) => s.origin !== 'queue')
      .map((source) => ({ key: source.dlqName, name: physicalQueueName(prefix, source.dlqName, false), attributes: RETAIN_DEAD_LETTERS })),
  ];
}

export async function startQueues(prefix: string, m: Manifest = defaultManifest): Promise<LocalQueues> {
  const worker = new Worker(new URL('./sqs-worker.mjs', import.meta.url), { workerData: { queues: queuesToCreate(prefix, m) } });
  const [reply] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [
    WorkerReply,
  ];
  if ('error' in reply) {
    await worker.terminate();
    throw new Error(`fauxqs did not start: ${reply.error}`);
  }
  const urls: Record<string, string> = {};
  const arns: Record<string, string> = {};
  for (const [key, queue] of Object.entries(reply.created)) {
    urls[key] = queue.url;
    arns[key] = queue.arn;
  }
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${reply.port}`,
    urls,
    arns,
    stop: () => {
      stopped ??= (async () => {
        const exited = once(worker, 'exit');
        worker.postMessage('stop');
        await exited;
      })();
      return stopped;
    },
  };
}
