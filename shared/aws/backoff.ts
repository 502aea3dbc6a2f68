/**
 * Exponential backoff with full jitter, the retry pause AWS recommends for throttling
 * and conflicts: a random wait in [0, base × 2^attempt).
 */
export const backoff = (attempt: number, baseMs: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * baseMs * 2 ** attempt));
