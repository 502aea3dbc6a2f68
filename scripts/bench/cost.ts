/**
 * USD per million transfers on AWS list prices, from the synthesized template's
 * function settings (memory, architecture) and usage measured at a steady moderate rate.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { functionName, handlerPaths, manifest } from '../../manifest/manifest';
import type { Meters } from './meters';
import { PRICES } from './prices';

/** Memory (MB) per function, read from the synthesized template (bundling skipped: only settings matter). */
export function templateMemory(): Map<string, number> {
  const { service } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  const functions = Template.fromStack(service).findResources('AWS::Lambda::Function');
  const memory = new Map<string, number>();
  const pascal = (s: string) => s.replace(/(^|[-_])(\w)/g, (_m, _p, c: string) => c.toUpperCase());
  for (const handler of handlerPaths()) {
    const name = functionName(handler);
    const entry = Object.entries(functions).find(
      ([id, f]) => id.startsWith(`Functions${pascal(name)}`) && f.Properties?.Architectures?.[0] === 'arm64',
    );
    if (entry) memory.set(name, Number(entry[1].Properties.MemorySize));
  }
  return memory;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The fan-out's two possible feeds, priced from the same run: the notify queue (what the stack
 * does: a rule sends each outcome to a standard queue, Lambda takes them in batches) against a
 * rule invoking the fan-out function directly, one asynchronous invocation per event.
 */
export interface FanOutFeeds {
  readonly viaQueue: number;
  readonly direct: number;
}

export interface CostFigure {
  readonly usdPerMillionTransfers: number;
  readonly breakdown: Record<string, number>;
  readonly fanOutFeeds: FanOutFeeds;
  readonly pricesAsOf: string;
}

export function costPerMillion(meters: Meters, transfers: number, memoryMb: Map<string, number>): CostFigure {
  const per = (n: number) => (n / transfers) * 1_000_000;
  const usd = (count: number, pricePerMillion: number) => (per(count) / 1e6) * pricePerMillion;
  let invocations = 0;
  let gbSeconds = 0;
  // Sends by code, metered on the handlers' SQS client; a rule's delivery is one SendMessage per event.
  let sqsUsd =
    usd(meters.sqsRequests.fifo, PRICES.sqsFifoPerMillionRequests) + usd(meters.sqsRequests.standard, PRICES.sqsStandardPerMillionRequests);
  const fanOut = meters.invocations.get(functionName(manifest.queues.find((q) => !q.fifo)?.processor ?? '')) ?? {
    count: 0,
    ms: 0,
    records: 0,
  };
  for (const [name, usage] of meters.invocations) {
    invocations += usage.count;
    gbSeconds += (usage.ms / 1000) * ((memoryMb.get(name) ?? 512) / 1024);
    const queue = manifest.queues.find((q) => functionName(q.processor) === name);
    if (queue) {
      // Lambda's poller: a receive and a batch delete per invocation; a rule's SendMessage per record of a standard queue.
      const requests = 2 * usage.count + (queue.fifo ? 0 : usage.records);
      sqsUsd += usd(requests, queue.fifo ? PRICES.sqsFifoPerMillionRequests : PRICES.sqsStandardPerMillionRequests);
    }
  }
  const apiRequests = meters.invocations.get('api-create-transfer')?.count ?? transfers;
  const fanOutMemoryGb = (memoryMb.get(functionName(manifest.queues.find((q) => !q.fifo)?.processor ?? '')) ?? 512) / 1024;
  const fanOutCompute = (ms: number) => per((ms / 1000) * fanOutMemoryGb) * PRICES.lambdaArmPerGbSecond;
  const fanOutFeeds = {
    viaQueue: round(
      usd(fanOut.count, PRICES.lambdaPerMillionRequests) +
        fanOutCompute(fanOut.ms) +
        usd(2 * fanOut.count + fanOut.records, PRICES.sqsStandardPerMillionRequests),
    ),
    // One invocation per event, each as long as an event took on average in the batches measured (a lower bound).
    direct: round(usd(fanOut.records, PRICES.lambdaPerMillionRequests) + fanOutCompute(fanOut.ms)),
  };
  const breakdown = {
    lambdaRequests: round(usd(invocations, PRICES.lambdaPerMillionRequests)),
    lambdaCompute: round(per(gbSeconds) * PRICES.lambdaArmPerGbSecond),
    apiGateway: round(usd(apiRequests, PRICES.apiGatewayRestPerMillion)),
    webSocketMessages: round(usd(meters.pushes, PRICES.apiGatewayWebSocketPerMillionMessages)),
    eventBridge: round(usd(meters.events, PRICES.eventBridgePerMillionEvents)),
    sqs: round(sqsUsd),
    dynamoWrites: round(usd(meters.writeUnits, PRICES.dynamoPerMillionWriteUnits)),
    dynamoReads: round(usd(meters.readUnits, PRICES.dynamoPerMillionReadUnits)),
  };
  const total = Object.values(breakdown).reduce((a, b) => a + b, 0);
  return { usdPerMillionTransfers: round(total), breakdown, fanOutFeeds, pricesAsOf: `${PRICES.asOf} (${PRICES.region})` };
}
