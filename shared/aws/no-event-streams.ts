/**
 * Stands in for `@smithy/core/event-streams` in Lambda bundles only (an esbuild alias in
 * BUNDLING). The SDK imports it lazily, for operations that stream events, and none of
 * the operations Evenly calls do (DynamoDB, EventBridge, SQS, Secrets Manager, API
 * Gateway Management). A bundle inlines it all the same: about 20 kB of every function.
 * Should an operation ever need it, it fails here, loudly, naming this file.
 */
const unavailable = (): never => {
  throw new Error('Event streams are not bundled into Evenly functions: see shared/aws/no-event-streams.ts.');
};

export const eventStreamSerdeProvider = unavailable;

export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}
