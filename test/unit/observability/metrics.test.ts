/**
 * The business metrics leave as CloudWatch embedded metric format lines under the names the
 * dashboard and alarms read (metric-names.ts), and never throw into the caller.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/observability/metric-names';

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

let metrics: typeof import('../../../shared/observability/metrics');
const lines: string[] = [];

beforeAll(async () => {
  // As in Lambda: metrics on (the local runtime's POWERTOOLS_DEV turns them off).
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  metrics = await import('../../../shared/observability/metrics');
});

afterEach(() => {
  lines.length = 0;
});

const emitted = (): Emf[] =>
  lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('_aws'))
    .map((l) => JSON.parse(l) as Emf);

describe('business metrics', () => {
  it('counts an accepted command under its kind, in the namespace the dashboard reads', () => {
    metrics.commandAccepted('transfer');
    const [emf] = emitted();
    expect(emf?._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRICS_NAMESPACE);
    expect(emf?._aws.CloudWatchMetrics[0]?.Dimensions[0]?.sort()).toEqual([DIMENSION.kind, DIMENSION.service].sort());
    expect(emf).toMatchObject({ [METRIC.commandAccepted]: 1, [DIMENSION.kind]: 'transfer', [DIMENSION.service]: METRICS_SERVICE });
  });

  it('records a completion with its time from acceptance in milliseconds', () => {
    metrics.commandCompleted('purchase', 1234);
    const [emf] = emitted();
    expect(emf).toMatchObject({ [METRIC.commandCompleted]: 1, [METRIC.timeToComplete]: 1234, [DIMENSION.kind]: 'purchase' });
    expect(emf?._aws.CloudWatchMetrics[0]?.Metrics).toContainEqual({ Name: METRIC.timeToComplete, Unit: 'Milliseconds' });
  });

  it('counts a failure under its kind and reason', () => {
    metrics.commandFailed('transfer', 'INSUFFICIENT_FUNDS');
    expect(emitted()[0]).toMatchObject({
      [METRIC.commandFailed]: 1,
      [DIMENSION.kind]: 'transfer',
      [DIMENSION.reason]: 'INSUFFICIENT_FUNDS',
    });
  });

  it('keeps the dimensions of one call out of the next', () => {
    metrics.commandFailed('transfer', 'ACCOUNT_CLOSED');
    metrics.commandAccepted('deposit');
    expect(emitted()[1]).not.toHaveProperty(DIMENSION.reason);
  });

  it('drops a time it cannot measure instead of emitting a non-number, and still counts the completion', () => {
    metrics.commandCompleted('transfer', Number.NaN);
    const [emf] = emitted();
    expect(emf).toMatchObject({ [METRIC.commandCompleted]: 1 });
    expect(emf).not.toHaveProperty(METRIC.timeToComplete);
  });

  it('never throws into the caller, whatever it is given', () => {
    expect(() => metrics.commandFailed('', '')).not.toThrow();
    expect(() => metrics.commandAccepted('x'.repeat(5_000))).not.toThrow();
  });

  it('reports a reconciliation as failed or passed for the alarm', () => {
    metrics.reconciliationFinished({ passed: false, violations: 2, items: 10 });
    metrics.reconciliationFinished({ passed: true, violations: 0, items: 10 });
    expect(emitted().map((e) => e[METRIC.reconciliationFailed])).toEqual([1, 0]);
    expect(emitted()[0]).toMatchObject({ [METRIC.reconciliationViolations]: 2, [METRIC.reconciliationItems]: 10 });
  });
});
