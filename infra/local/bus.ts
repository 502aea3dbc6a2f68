/**
 * A local EventBridge: the PutEvents and DescribeEventBus actions of the JSON 1.1
 * protocol, so handlers use the real `@aws-sdk/client-eventbridge` unchanged. Each
 * event is matched against the manifest's rules and sent to the rule's (standard) SQS
 * queue, as EventBridge does on AWS: the same path on both, FIFO queues being fed by code.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BusEvent } from '../../events/contract';
import { manifest as defaultManifest, type Manifest } from '../../manifest/manifest';
import { readBody } from './http-body';
import { matchesPattern } from './pattern';

/** PutEvents limit: at most 10 entries per call. */
const MAX_ENTRIES = 10;

export interface LocalBus {
  readonly endpoint: string;
  /** Events seen, for tests and tools (bounded). */
  stop(): Promise<void>;
}

interface PutEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
}

export interface BusOptions {
  readonly busName: string;
  readonly sqs: SQSClient;
  readonly queueUrls: Record<string, string>;
  readonly manifest?: Manifest;
  /** Sees every event accepted by PutEvents (benchmarks count them). */
  readonly onEvent?: (event: BusEvent) => void;
}

export async function startBus(options: BusOptions): Promise<LocalBus> {
  const m = options.manifest ?? defaultManifest;

  /**
   * Sends each queue its matching events in one SendMessageBatch (a PutEvents call carries at
   * most 10, SendMessageBatch's own limit), as EventBridge delivers them on AWS without a call
   * of ours per event; an event fails when any of its targets refused it.
   */
  async function route(events: readonly BusEvent[]): Promise<Set<number>> {
    const byQueue = new Map<string, number[]>();
    events.forEach((event, index) => {
      options.onEvent?.(event);
      for (const rule of m.rules.filter((r) => matchesPattern(event, r.pattern)))
        byQueue.set(rule.queue, [...(byQueue.get(rule.queue) ?? []), index]);
    });
    const failed = new Set<number>();
    await Promise.all(
      [...byQueue].map(async ([queue, indexes]) => {
        try {
          const { Failed = [] } = await options.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: options.queueUrls[queue],
              Entries: indexes.map((index) => ({ Id: String(index), MessageBody: JSON.stringify(events[index]) })),
            }),
          );
          for (const f of Failed) failed.add(Number(f.Id));
        } catch {
          for (const index of indexes) failed.add(index);
        }
      }),
    );
    return failed;
  }

  async function putEvents(body: { Entries?: PutEntry[] }) {
    const entries = body.Entries ?? [];
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      return { status: 400, body: { __type: 'ValidationException', message: `1 to ${MAX_ENTRIES} entries per call` } };
    }
    const events = entries.map(
      (entry): BusEvent => ({
        version: '0',
        id: randomUUID(),
        'detail-type': String(entry.DetailType),
        source: String(entry.Source),
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: entry.Resources ?? [],
        detail: JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>,
      }),
    );
    const failed = await route(events);
    const results = events.map((event, index) =>
      failed.has(index) ? { ErrorCode: 'InternalException', ErrorMessage: 'a target queue refused the event' } : { EventId: event.id },
    );
    return { status: 200, body: { FailedEntryCount: failed.size, Entries: results } };
  }

  const server: Server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    let result: { status: number; body: unknown };
    try {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
      if (target === 'AWSEvents.PutEvents') result = await putEvents(body);
      else if (target === 'AWSEvents.DescribeEventBus') {
        result = {
          status: 200,
          body: { Name: options.busName, Arn: `arn:aws:events:us-east-1:000000000000:event-bus/${options.busName}` },
        };
      } else result = { status: 400, body: { __type: 'UnknownOperationException', message: target } };
    } catch (error) {
      result = { status: 400, body: { __type: 'ValidationException', message: String(error) } };
    }
    res.writeHead(result.status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
