/**
 * Loads handler modules (the same files Lambda runs) and invokes them with a
 * Lambda-like context. A module is imported once and kept, like a warm container.
 */
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionName } from '../manifest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

type AnyHandler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<AnyHandler>>();

export function loadHandler(handlerPath: string): Promise<AnyHandler> {
  let handler = loaded.get(handlerPath);
  if (!handler) {
    const url = pathToFileURL(resolve(REPO_ROOT, handlerPath)).href;
    handler = import(url).then((module: { handler?: AnyHandler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${handlerPath} does not export a handler`);
      return module.handler;
    });
    loaded.set(handlerPath, handler);
  }
  return handler;
}

/** Lambda's default timeout in the stack; the local runtime only reports, never kills. */
const DEFAULT_TIMEOUT_MS = 10_000;

export function lambdaContext(handlerPath: string, timeoutMs = DEFAULT_TIMEOUT_MS): Context {
  const name = functionName(handlerPath);
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Watches invocations (benchmarks count them and their durations); none by default. */
export type InvocationObserver = (functionName: string, durationMs: number, event: unknown) => void;
let observer: InvocationObserver | undefined;
export function observeInvocations(next: InvocationObserver | undefined): void {
  observer = next;
}

export async function invoke<T = unknown>(handlerPath: string, event: unknown): Promise<T> {
  const handler = await loadHandler(handlerPath);
  const startedAt = performance.now();
  try {
    return (await handler(event, lambdaContext(handlerPath))) as T;
  } finally {
    observer?.(functionName(handlerPath), performance.now() - startedAt, event);
  }
}
