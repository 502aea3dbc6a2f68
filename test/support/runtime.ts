/**
 * E2E tests: the whole local runtime (HTTP, WebSocket, bus, queues, pollers) on ports
 * from the OS, against the run's shared DynamoDB Local with a fresh table prefix.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { type LocalRuntime, type LocalRuntimeOptions, randomPrefix, startLocalRuntime } from '../../infra/local/runtime';
import { useLocalAwsEnv } from './env';

export function useLocalRuntime(options: Partial<LocalRuntimeOptions> = {}): () => LocalRuntime {
  let runtime: LocalRuntime | undefined;
  beforeAll(async () => {
    useLocalAwsEnv();
    runtime = await startLocalRuntime({
      port: 0,
      wsPort: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: randomPrefix(),
      quiet: !process.env.EVENLY_TEST_LOGS,
      retryDelaySeconds: 1,
      ...options,
      env: { POWERTOOLS_LOG_LEVEL: process.env.EVENLY_TEST_LOGS ? 'INFO' : 'CRITICAL', ...(options.env ?? {}) },
    });
  });
  afterAll(async () => {
    await runtime?.stop();
  });
  return () => {
    if (!runtime) throw new Error('the local runtime is not started yet');
    return runtime;
  };
}
