/** GET /health: each component's reachability, 200 when all answer, 503 otherwise. */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { dlqEnvVar, manifest } from '../../manifest/manifest';
import { busName, eventBridge } from '../../shared/bus/publisher';
import { sqs } from '../../shared/bus/queues';
import { optionalEnv } from '../../shared/config/env';
import { dynamo, mainTableName } from '../../shared/dynamo/client';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getHealth as contract } from '../../shared/platform/routes';

/** Each probe gets this long before it counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

type Status = 'ok' | 'down';

async function probe(check: () => Promise<unknown>): Promise<Status> {
  const timeout = new Promise<Status>((resolve) => setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS).unref());
  const attempt = check().then(
    () => 'ok' as const,
    () => 'down' as const,
  );
  return Promise.race([attempt, timeout]);
}

/** Every manifest queue and its DLQ, by the variables the `queues:read` grant gives this function. */
function queueUrls(): string[] {
  return manifest.queues
    .flatMap((queue) => [optionalEnv(queue.envVar), optionalEnv(dlqEnvVar(queue))])
    .filter((url): url is string => Boolean(url));
}

export const handler = httpHandler(contract, async () => {
  const urls = queueUrls();
  const [dynamodb, bus, queues] = await Promise.all([
    probe(() => dynamo.send(new DescribeTableCommand({ TableName: mainTableName() }))),
    probe(() => eventBridge.send(new DescribeEventBusCommand({ Name: busName() }))),
    probe(() => Promise.all(urls.map((url) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))))),
  ]);
  const components = { dynamodb, bus, queues };
  const healthy = Object.values(components).every((s) => s === 'ok');
  return json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', components });
});
