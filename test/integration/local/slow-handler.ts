/** A handler that takes as long as its event asks, then says how much of its time was left. */
import type { Context } from 'aws-lambda';

export async function handler(
  event: { sleepMs: number },
  context: Context,
): Promise<{ remainingAtStartMs: number; remainingAtEndMs: number }> {
  const remainingAtStartMs = context.getRemainingTimeInMillis();
  await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  return { remainingAtStartMs, remainingAtEndMs: context.getRemainingTimeInMillis() };
}
