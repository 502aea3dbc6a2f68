/**
 * One idempotency key per attempt of a command. The key is made when the attempt starts and
 * kept until it succeeds or the user changes what they are sending, so a double click, a
 * second press after a network error or a retry repeats the same request, and the API
 * answers it like the first instead of moving money twice.
 */
import { useRef } from 'preact/hooks';
import { newIdempotencyKey } from './context';

export function useAttempt(): { key: (what: string) => string; done: () => void } {
  const current = useRef<{ what: string; key: string } | undefined>(undefined);
  return {
    key: (what) => {
      if (current.current?.what !== what) current.current = { what, key: newIdempotencyKey() };
      return current.current.key;
    },
    done: () => {
      current.current = undefined;
    },
  };
}
