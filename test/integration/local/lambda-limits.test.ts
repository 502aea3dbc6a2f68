import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MEMORY_MB as STACK_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS as STACK_TIMEOUT_SECONDS,
} from '../../../infra/constructs/functions';
import {
  configureInvocations,
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  functionLimits,
  invoke,
  lambdaContext,
  loadHandler,
} from '../../../infra/local/lambda';
import { type Manifest, manifest } from '../../../manifest/manifest';
import { testRoute } from '../../support/routes';

const SLOW = 'test/integration/local/slow-handler.ts';
const SLOW_NAME = 'test-integration-local-slow-handler';

type SlowResult = { remainingAtStartMs: number; remainingAtEndMs: number };

/** The real manifest plus the slow handler, as a REST route or as a queue's processor. */
function withSlow(as: 'route' | 'processor', timeoutSeconds: number): Manifest {
  const queue = manifest.queues[0] as Manifest['queues'][number];
  return as === 'route'
    ? {
        ...manifest,
        routes: [...manifest.routes, testRoute({ method: 'POST', path: '/slow', handler: SLOW, auth: false, timeoutSeconds })],
      }
    : { ...manifest, queues: [...manifest.queues, { ...queue, name: 'slow', processor: SLOW, processorTimeoutSeconds: timeoutSeconds }] };
}

describe('function limits', () => {
  it('gives a route its own timeout, a processor its processorTimeoutSeconds and the rest the default', () => {
    const redrive = manifest.routes.find((r) => r.timeoutSeconds !== undefined);
    const plain = manifest.routes.find((r) => r.timeoutSeconds === undefined);
    const queue = manifest.queues[0];
    expect(redrive && plain && queue).toBeTruthy();
    expect(functionLimits(redrive?.handler as string).timeoutMs).toBe((redrive?.timeoutSeconds as number) * 1_000);
    expect(functionLimits(plain?.handler as string).timeoutMs).toBe(DEFAULT_TIMEOUT_SECONDS * 1_000);
    expect(functionLimits(queue?.processor as string).timeoutMs).toBe((queue?.processorTimeoutSeconds as number) * 1_000);
    expect(functionLimits(manifest.authorizer.handler).timeoutMs).toBe(DEFAULT_TIMEOUT_SECONDS * 1_000);
  });

  it('uses the same defaults as the stack', () => {
    expect(DEFAULT_TIMEOUT_SECONDS).toBe(STACK_TIMEOUT_SECONDS);
    expect(DEFAULT_MEMORY_MB).toBe(STACK_MEMORY_MB);
  });

  it("counts the context's remaining time down from the function's own timeout", () => {
    const redrive = manifest.routes.find((r) => r.timeoutSeconds !== undefined) as (typeof manifest.routes)[number];
    const remainingMs = lambdaContext(redrive.handler).getRemainingTimeInMillis();
    expect(remainingMs).toBeLessThanOrEqual((redrive.timeoutSeconds as number) * 1_000);
    expect(remainingMs).toBeGreaterThan((redrive.timeoutSeconds as number) * 1_000 - 1_000);
  });
});

describe('an invocation past its limits', () => {
  let warnings: string[] = [];

  beforeAll(async () => {
    await loadHandler(SLOW); // imported before the clock is faked
  });

  afterEach(() => {
    vi.useRealTimers();
    configureInvocations({ manifest, warn: () => {} });
  });

  async function run(m: Manifest, sleepMs: number): Promise<{ result: Promise<SlowResult>; advanceTo: (ms: number) => Promise<void> }> {
    warnings = [];
    configureInvocations({ manifest: m, warn: (line) => warnings.push(line) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const result = invoke<SlowResult>(SLOW, { sleepMs });
    let nowMs = 0;
    await vi.advanceTimersByTimeAsync(0);
    return {
      result,
      advanceTo: async (ms) => {
        await vi.advanceTimersByTimeAsync(ms - nowMs);
        nowMs = ms;
      },
    };
  }

  it("warns, naming the function, at a REST route's timeout and at API Gateway's 29 s, and lets it finish", async () => {
    const { result, advanceTo } = await run(withSlow('route', 30), 31_000);
    await advanceTo(28_999);
    expect(warnings).toEqual([]);
    await advanceTo(29_000);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^\\[${SLOW_NAME}\\] .*API Gateway's 29 s integration timeout.*504`))]);
    await advanceTo(30_000);
    expect(warnings[1]).toMatch(new RegExp(`^\\[${SLOW_NAME}\\] .*still running after its 30 s timeout`));
    await advanceTo(31_000);
    expect(await result).toEqual({ remainingAtStartMs: 30_000, remainingAtEndMs: 0 });
    expect(warnings[2]).toMatch(new RegExp(`^\\[${SLOW_NAME}\\] .*took 31(\\.0)? s, past its 30 s timeout`));
  });

  it("warns at a processor's processorTimeoutSeconds, without API Gateway's limit", async () => {
    const { result, advanceTo } = await run(withSlow('processor', 3), 4_000);
    await advanceTo(3_000);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^\\[${SLOW_NAME}\\] .*still running after its 3 s timeout`))]);
    await advanceTo(4_000);
    expect((await result).remainingAtStartMs).toBe(3_000);
    expect(warnings).toHaveLength(2);
  });

  it('stays quiet when the function finishes within its timeout', async () => {
    const { result, advanceTo } = await run(withSlow('route', 30), 1_000);
    await advanceTo(60_000);
    expect((await result).remainingAtEndMs).toBe(29_000);
    expect(warnings).toEqual([]);
  });
});
