/**
 * What the page's parts listen to: each registers the topics it shows and what to do on a
 * push or a re-read; the hub subscribes the connection to the union of those topics.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { LiveConnection, Push, ResyncReason } from './live';

export interface Listener {
  readonly topics: readonly string[];
  readonly onPush?: (push: Push) => void;
  readonly onResync?: (topics: readonly string[], reason: ResyncReason) => void;
}

export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private connection: LiveConnection | undefined;

  attach(connection: LiveConnection | undefined): void {
    this.connection = connection;
    this.sync();
  }

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    this.sync();
    return () => {
      this.listeners.delete(listener);
      this.sync();
    };
  }

  push(push: Push): void {
    for (const listener of this.listeners) listener.onPush?.(push);
  }

  resync(topics: readonly string[], reason: ResyncReason): void {
    for (const listener of this.listeners) {
      const mine = listener.topics.filter((t) => topics.includes(t));
      if (mine.length > 0) listener.onResync?.(mine, reason);
    }
  }

  private isSyncQueued = false;

  /**
   * Coalesced to one update per tick: a part that re-registers (its topics changed) removes
   * and adds itself in one render, and sending "unsubscribe" then "subscribe" for a topic it
   * keeps could be applied in either order by the server, ending unsubscribed.
   */
  private sync(): void {
    if (this.isSyncQueued) return;
    this.isSyncQueued = true;
    queueMicrotask(() => {
      this.isSyncQueued = false;
      this.connection?.setTopics([...new Set([...this.listeners].flatMap((l) => l.topics))]);
    });
  }
}

/** Listens while mounted; the latest callbacks are used without re-subscribing on each render. */
export function useLive(hub: LiveHub, topics: readonly string[], listener: Omit<Listener, 'topics'>): void {
  const latest = useRef(listener);
  latest.current = listener;
  const key = topics.join(' ');
  // Dependencies: the topics are compared by their joined key
  useEffect(
    () =>
      hub.add({
        topics,
        onPush: (push) => latest.current.onPush?.(push),
        onResync: (t, reason) => latest.current.onResync?.(t, reason),
      }),
    [hub, key],
  );
}
