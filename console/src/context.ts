/** What every part of the page shares: the session (its typed client) and the live hub. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import type { LiveHub } from './hub';
import type { SignedIn } from './session';

export interface ConsoleContext {
  readonly client: EvenlyClient;
  readonly session: SignedIn;
  readonly hub: LiveHub;
  readonly toast: (text: string, tone?: 'info' | 'success' | 'error') => void;
}

export const Ctx = createContext<ConsoleContext | undefined>(undefined);

export function useConsole(): ConsoleContext {
  const value = useContext(Ctx);
  if (!value) throw new Error('Invariant: parts of the console render inside the signed-in app');
  return value;
}

/** A fresh idempotency key: one per attempt of a command, reused by that attempt's retries. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
