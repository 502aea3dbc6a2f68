/** Every manifest entry exists in the local runtime (the infra tests check the template). */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../../infra/local/lambda';
import { dlqName, manifest } from '../../manifest/manifest';
import { queueUrlFor } from '../../shared/bus/queues';
import { useLocalRuntime } from '../support/runtime';

const runtime = useLocalRuntime();

describe('the local runtime builds every manifest entry', () => {
  it.each(manifest.routes.map((r) => [`${r.method} ${r.path}`, r]))('routes %s to its handler', async (_name, route) => {
    const path = route.path.replace(/\{\w+\}/g, 'x');
    const res = await fetch(`${runtime().httpUrl}${path}`, {
      method: route.method,
      headers: { 'content-type': 'application/json' },
      ...(route.method === 'GET' ? {} : { body: '{}' }),
    });
    const body = (await res.json().catch(() => ({}))) as { detail?: string };
    expect(body.detail ?? '').not.toMatch(/^No route/);
    expect(res.status).not.toBe(405);
    if (route.auth) expect(res.status).toBe(401);
  });

  it.each(manifest.tables.map((t) => [t.name, t]))('creates table %s with its indexes', async (_name, table) => {
    const client = new DynamoDBClient({ endpoint: runtime().dynamoEndpoint });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: runtime().tables[table.name] }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort()).toEqual(table.gsis.map((g) => g.name).sort());
  });

  it.each(manifest.queues.map((q) => [q.name, q]))('creates queue %s with its DLQ and redrive policy', async (_name, queue) => {
    const sqs = new SQSClient({ endpoint: runtime().sqsEndpoint });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: runtime().queueUrls[queue.name], AttributeNames: ['All'] }),
    );
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({ maxReceiveCount: queue.maxReceiveCount });
    expect(Attributes?.VisibilityTimeout).toBe(String(queue.visibilityTimeoutSeconds));
    expect(runtime().queueUrls[dlqName(queue)]).toBeDefined();
  });

  it('targets only declared standard queues from its rules, as EventBridge does', () => {
    for (const rule of manifest.rules) {
      expect(runtime().queueUrls[rule.queue], rule.name).toBeDefined();
      expect(manifest.queues.find((q) => q.name === rule.queue)?.fifo, rule.name).toBe(false);
    }
  });

  it.each(manifest.queues.filter((q) => q.fifo).flatMap((q) => q.accepts.map((type) => [type, q.name])))(
    'sends %s straight to FIFO queue %s, as on AWS',
    (type, queue) => {
      expect(queueUrlFor(type)).toBe(runtime().queueUrls[queue]);
    },
  );

  it.each([
    ...manifest.wsRoutes.map((r) => r.handler),
    ...manifest.queues.map((q) => q.processor),
    ...manifest.schedules.map((s) => s.handler),
    manifest.authorizer.handler,
  ])('loads handler %s', async (handler) => {
    expect(typeof (await loadHandler(handler))).toBe('function');
  });
});
