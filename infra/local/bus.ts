/**
 * A local EventBridge: the PutEvents and DescribeEventBus actions of the JSON 1.1
 * protocol, so handlers use the real `@aws-sdk/client-eventbridge` unchanged. Each
 * event is matched against the manifest's rules and sent to the rule's (standard) SQS
 * queue, as EventBridge does on AWS: the same path on both, FIFO queues being fed by code.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
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

  async function route(event: BusEvent): Promise<void> {
    options.onEvent?.(event);
    const targets = m.rules.filter((rule) => matchesPattern(event, rule.pattern));
    await Promise.all(
      targets.map((rule) =>
        options.sqs.send(new SendMessageCommand({ QueueUrl: options.queueUrls[rule.queue], MessageBody: JSON.stringify(event) })),
      ),
    );
  }

  async function putEvents(body: { Entries?: PutEntry[] }) {
    const entries = body.Entries ?? [];
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      return { status: 400, body: { __type: 'ValidationException', message: `1 to ${MAX_ENTRIES} entries per call` } };
    }
    const results = await Promise.all(
      entries.map(async (entry) => {
        const id = randomUUID();
        try {
          const event: BusEvent = {
            version: '0',
            id,
            'detail-type': String(entry.DetailType),
            source: String(entry.Source),
            account: '000000000000',
            time: new Date().toISOString(),
            region: 'us-east-1',
            resources: entry.Resources ?? [],
            detail: JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>,
          };
          await route(event);
          return { EventId: id };
        } catch (error) {
          return { ErrorCode: 'InternalException', ErrorMessage: String(error) };
        }
      }),
    );
    const failed = results.filter((r) => 'ErrorCode' in r).length;
    return { status: 200, body: { FailedEntryCount: failed, Entries: results } };
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
