/** A queue processor that records each batch it is given and holds it for the time its messages ask. */
import type { SQSEvent } from 'aws-lambda';

export const batches: { bodies: string[]; startedAt: number; endedAt?: number }[] = [];

export async function handler(event: SQSEvent): Promise<void> {
  const batch = { bodies: event.Records.map((r) => r.body), startedAt: performance.now() } as (typeof batches)[number];
  batches.push(batch);
  const holdMs = Math.max(0, ...event.Records.map((r) => Number((JSON.parse(r.body) as { holdMs?: number }).holdMs ?? 0)));
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  batch.endedAt = performance.now();
}
