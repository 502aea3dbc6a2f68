/**
 * AWS list prices used by the cost model: us-east-1, on-demand, no free tier.
 * One table, with its date: check them again before quoting a number.
 */
export const PRICES = {
  asOf: '2026-11-01',
  region: 'us-east-1',
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  apiGatewayRestPerMillion: 3.5,
  apiGatewayWebSocketPerMillionMessages: 1.0,
  eventBridgePerMillionEvents: 1.0,
  sqsFifoPerMillionRequests: 0.5,
  sqsStandardPerMillionRequests: 0.4,
  /** EventBridge Pipes, per request (each 64 KB chunk of an event). */
  pipesPerMillionRequests: 0.4,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
} as const;
