/**
 * For tests that provoke a warning or an error log on purpose: the log is caught (so a green
 * run prints no stack traces) and handed back, so the test can assert it was written.
 */
import { vi } from 'vitest';
import { logger } from '../../shared/observability/logger';

export async function capturingLogs<T>(level: 'warn' | 'error', work: () => Promise<T>): Promise<{ value: T; messages: string[] }> {
  const spy = vi.spyOn(logger, level).mockImplementation(() => undefined);
  try {
    const value = await work();
    return { value, messages: spy.mock.calls.map(([message]) => String(message)) };
  } finally {
    spy.mockRestore();
  }
}
