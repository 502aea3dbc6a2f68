/**
 * Loads handler modules (the same files Lambda runs) and invokes them with a
 * Lambda-like context. A module is imported once and kept, like a warm container (until
 * `npm run dev` forgets it after a change: reload.ts).
 *
 * Each function gets the timeout and memory the stack gives it, read from the manifest,
 * so `getRemainingTimeInMillis()` counts down as on AWS. An invocation that runs past its
 * timeout (or, for a REST route, past API Gateway's integration timeout) is reported by
 * name, not stopped: Lambda ends the whole container, but a handler here shares the process
 * and a running promise cannot be cancelled, so failing the invocation early would only
 * answer the caller while the handler goes on writing.
 */
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  manifest as defaultManifest,
  functionName,
  functionRequests,
  type Manifest,
} from '../../manifest/manifest';
import { runAs } from './isolation';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS };
/** API Gateway REST answers 504 when an integration takes longer than this (its default quota). */
export const API_GATEWAY_INTEGRATION_TIMEOUT_MS = 29_000;

// Any handler module of the manifest: each takes its own event type, which the runtime does not know.
// biome-ignore lint/suspicious/noExplicitAny: the event and result types differ per handler.
type AnyHandler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<AnyHandler>>();

/** How many times the handlers were forgotten: part of their URL, so an import after a change is a fresh one. */
let generation = 0;

/** Forgets every loaded handler, so each is imported afresh on its next invocation (reload.ts); returns the new generation. */
export function forgetHandlers(): number {
  loaded.clear();
  generation += 1;
  return generation;
}

export function loadHandler(handlerPath: string): Promise<AnyHandler> {
  let handler = loaded.get(handlerPath);
  if (!handler) {
    const file = pathToFileURL(resolve(REPO_ROOT, handlerPath)).href;
    const url = generation === 0 ? file : `${file}?generation=${generation}`;
    // Module-scope code sees the function's own environment, as it would in its container.
    handler = runAs(handlerPath, () => import(url)).then((module: { handler?: AnyHandler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${handlerPath} does not export a handler`);
      return module.handler;
    });
    loaded.set(handlerPath, handler);
  }
  return handler;
}

export interface FunctionLimits {
  readonly timeoutMs: number;
  readonly memoryMB: number;
  /** REST routes only: API Gateway gives up on the function after this long. */
  readonly integrationTimeoutMs: number | undefined;
}

/** What the stack configures for a handler's function: its first manifest request's settings, or the defaults. */
export function functionLimits(handlerPath: string, m: Manifest = defaultManifest): FunctionLimits {
  const request = functionRequests(m).find((r) => r.handler === handlerPath);
  const isRoute = m.routes.some((r) => r.handler === handlerPath);
  return {
    timeoutMs: (request?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1_000,
    memoryMB: request?.memoryMB ?? DEFAULT_MEMORY_MB,
    integrationTimeoutMs: isRoute ? API_GATEWAY_INTEGRATION_TIMEOUT_MS : undefined,
  };
}

export function lambdaContext(handlerPath: string, limits: FunctionLimits = limitsOf(handlerPath)): Context {
  const name = functionName(handlerPath);
  const deadline = Date.now() + limits.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: String(limits.memoryMB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The manifest limits come from, and where overrun warnings go; the runtime sets both. */
let settings: { manifest: Manifest; warn: (line: string) => void } = { manifest: defaultManifest, warn: (line) => console.error(line) };
const limitsByHandler = new Map<string, FunctionLimits>();

export function configureInvocations(next: { manifest?: Manifest; warn?: (line: string) => void }): void {
  settings = { manifest: next.manifest ?? settings.manifest, warn: next.warn ?? settings.warn };
  limitsByHandler.clear();
}

function limitsOf(handlerPath: string): FunctionLimits {
  let limits = limitsByHandler.get(handlerPath);
  if (!limits) {
    limits = functionLimits(handlerPath, settings.manifest);
    limitsByHandler.set(handlerPath, limits);
  }
  return limits;
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(ms % 1_000 === 0 ? 0 : 1)} s`;

/** Warns while an invocation is still running at each limit it passes; returns the disarm. */
function watchOverrun(name: string, requestId: string, limits: FunctionLimits): () => void {
  const warnAt = (ms: number, line: string) => setTimeout(() => settings.warn(line), ms).unref();
  const timers = [
    warnAt(
      limits.timeoutMs,
      `[${name}] request ${requestId} is still running after its ${seconds(limits.timeoutMs)} timeout: ` +
        'Lambda would have stopped it and failed the invocation; the local runtime lets it run on',
    ),
  ];
  if (limits.integrationTimeoutMs !== undefined) {
    timers.push(
      warnAt(
        limits.integrationTimeoutMs,
        `[${name}] request ${requestId} is still running after API Gateway's ${seconds(limits.integrationTimeoutMs)} ` +
          'integration timeout: on AWS the client would already have had 504',
      ),
    );
  }
  return () => {
    for (const timer of timers) clearTimeout(timer);
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
  const limits = limitsOf(handlerPath);
  const context = lambdaContext(handlerPath, limits);
  const disarm = watchOverrun(context.functionName, context.awsRequestId, limits);
  const startedAt = performance.now();
  try {
    return (await runAs(handlerPath, () => handler(event, context))) as T;
  } finally {
    disarm();
    const durationMs = performance.now() - startedAt;
    if (durationMs > limits.timeoutMs) {
      settings.warn(
        `[${context.functionName}] request ${context.awsRequestId} took ${seconds(durationMs)}, past its ${seconds(limits.timeoutMs)} timeout`,
      );
    }
    observer?.(context.functionName, durationMs, event);
  }
}
