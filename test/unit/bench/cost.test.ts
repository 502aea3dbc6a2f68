import { describe, expect, it } from 'vitest';
import { costPerMillion } from '../../../scripts/bench/cost';
import { Meters, writeUnits } from '../../../scripts/bench/meters';

describe('the cost model', () => {
  it('prices measured usage per million transfers: sends by code, Lambda polling and the rule to the notify queue', () => {
    const meters = new Meters();
    // 1,000 transfers: one API call each, processors in batches of ten, one outcome event each, two pushes.
    meters.invocations.set('api-create-transfer', { count: 1000, ms: 50_000, records: 1000 });
    meters.invocations.set('processors-apply-account-steps', { count: 100, ms: 10_000, records: 1000 });
    meters.invocations.set('processors-fan-out', { count: 100, ms: 0, records: 1000 });
    meters.sqsRequests.fifo = 1000; // one SendMessageBatch per accepted transfer
    meters.events = 1000;
    meters.pushes = 2000;
    meters.writeUnits = 12_000;
    meters.readUnits = 4000;
    const cost = costPerMillion(meters, 1000, new Map());
    expect(cost.breakdown).toEqual({
      lambdaRequests: 0.24, // 1.2 invocations × 0.20
      lambdaCompute: 0.4, // 60 s × 0.5 GB per 1,000 → 30,000 GB-s per million
      apiGateway: 3.5,
      webSocketMessages: 2,
      eventBridge: 1,
      // FIFO: 1 send + 0.2 polling (0.6 USD); notify: 1 rule delivery + 0.2 polling (0.48 USD)
      sqs: 1.08,
      dynamoWrites: 7.5,
      dynamoReads: 0.5,
    });
    expect(cost.usdPerMillionTransfers).toBe(16.22);
  });

  it('prices the fan-out fed by the notify queue beside a rule invoking it once per event', () => {
    const meters = new Meters();
    meters.invocations.set('processors-fan-out', { count: 100, ms: 0, records: 1000 });
    const { fanOutFeeds } = costPerMillion(meters, 1000, new Map());
    // Queue: 0.1 invocations (0.02) + 1.2 requests (0.48); direct: 1 invocation (0.20).
    expect(fanOutFeeds).toEqual({ viaQueue: 0.5, direct: 0.2 });
  });
});

describe('write units of one request', () => {
  it('prices each item of a transaction at two units, whatever total DynamoDB Local reports for the table', () => {
    const consumed = { CapacityUnits: 2, Table: { CapacityUnits: 2 } };
    const input = { TransactItems: [{}, {}, {}, {}, {}] };
    expect(writeUnits('TransactWriteItemsCommand', consumed, input)).toBe(10);
  });

  it("prices a transaction's index writes as AWS does, once each, where DynamoDB Local reports them doubled", () => {
    // One index entry removed inside a five-item transaction: DynamoDB Local reports 2 units for it.
    const consumed = { CapacityUnits: 4, Table: { CapacityUnits: 2 }, GlobalSecondaryIndexes: { pending: { CapacityUnits: 2 } } };
    const input = { TransactItems: [{}, {}, {}, {}, {}] };
    expect(writeUnits('TransactWriteItemsCommand', consumed, input)).toBe(11);
  });

  it('adds index writes to a single write, and reads totals without index detail', () => {
    const put = { CapacityUnits: 2, Table: { CapacityUnits: 1 }, GlobalSecondaryIndexes: { pending: { CapacityUnits: 1 } } };
    expect(writeUnits('PutItemCommand', put, {})).toBe(2);
    expect(writeUnits('UpdateItemCommand', { CapacityUnits: 1 }, {})).toBe(1);
  });
});
