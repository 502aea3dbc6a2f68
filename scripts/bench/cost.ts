/**
 * USD per million transfers on AWS list prices, from the synthesized template's
 * function settings (memory, architecture) and usage measured at a steady moderate rate.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';
import { functionName, handlerPaths, manifest } from '../../infra/manifest';
import type { Meters } from './meters';
import { PRICES } from './prices';

export interface CostFigure {
  readonly usdPerMillionTransfers: number;
  readonly breakdown: Record<string, number>;
  readonly pricesAsOf: string;
}

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

export function costPerMillion(meters: Meters, transfers: number, memoryMb: Map<string, number>): CostFigure {
  const per = (n: number) => (n / transfers) * 1_000_000;
  let invocations = 0;
  let gbSeconds = 0;
  let sqsUsd = 0;
  let pipesUsd = 0;
  for (const [name, usage] of meters.invocations) {
    invocations += usage.count;
    gbSeconds += (usage.ms / 1000) * ((memoryMb.get(name) ?? 512) / 1024);
    const queue = manifest.queues.find((q) => functionName(q.processor) === name);
    if (queue) {
      // Per message: EventBridge's SendMessage, plus its share of batched receives and deletes.
      const requests = usage.records + 2 * usage.count;
      sqsUsd += (per(requests) / 1e6) * (queue.fifo ? PRICES.sqsFifoPerMillionRequests : PRICES.sqsStandardPerMillionRequests);
      if (queue.fifo) {
        // On AWS a FIFO queue is fed through a standard intake queue and a pipe (infra/constructs/fifo-intake.ts),
        // which the local runtime skips: priced as the same requests on the intake queue, and one pipe request each.
        sqsUsd += (per(requests) / 1e6) * PRICES.sqsStandardPerMillionRequests;
        pipesUsd += (per(usage.records) / 1e6) * PRICES.pipesPerMillionRequests;
      }
    }
  }
  const apiRequests = meters.invocations.get('api-create-transfer')?.count ?? transfers;
  const pushes = meters.invocations.get('processors-fan-out')?.records ?? 0;
  const breakdown = {
    lambdaRequests: round((per(invocations) / 1e6) * PRICES.lambdaPerMillionRequests),
    lambdaCompute: round(per(gbSeconds) * PRICES.lambdaArmPerGbSecond),
    apiGateway: round((per(apiRequests) / 1e6) * PRICES.apiGatewayRestPerMillion),
    webSocketMessages: round((per(pushes) / 1e6) * PRICES.apiGatewayWebSocketPerMillionMessages),
    eventBridge: round((per(meters.events) / 1e6) * PRICES.eventBridgePerMillionEvents),
    sqs: round(sqsUsd),
    pipes: round(pipesUsd),
    dynamoWrites: round((per(meters.writeUnits) / 1e6) * PRICES.dynamoPerMillionWriteUnits),
    dynamoReads: round((per(meters.readUnits) / 1e6) * PRICES.dynamoPerMillionReadUnits),
  };
  const total = Object.values(breakdown).reduce((a, b) => a + b, 0);
  return { usdPerMillionTransfers: round(total), breakdown, pricesAsOf: `${PRICES.asOf} (${PRICES.region})` };
}
