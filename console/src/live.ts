/**
 * The live connection (API.md "WebSocket", /asyncapi.json): one WebSocket per signed-in
 * tab, subscribed to the topics the page shows. Pushes carry `seq`, numbered 1, 2, 3, … per
 * topic; a number skipped means a push was missed, and the topic is re-read. After a
 * reconnect every topic is re-read, since pushes made while the socket was down are gone.
 */

export type LiveStatus = 'connecting' | 'online' | 'offline';

export interface Push {
  readonly type: 'event';
  readonly topic: string;
  readonly seq: number;
  readonly event: { readonly id: string; readonly type: string; readonly occurredAt: string; readonly data: Record<string, unknown> };
}

/** Why topics must be re-read: the socket came back, or a push number was skipped. */
export type ResyncReason = 'reconnect' | 'gap';

export interface LiveHandlers {
  readonly onStatus: (status: LiveStatus) => void;
  readonly onPush: (push: Push) => void;
  readonly onResync: (topics: readonly string[], reason: ResyncReason) => void;
}

/** API Gateway drops a connection idle for 10 minutes; a ping well inside that keeps it. */
const PING_INTERVAL_MS = 4 * 60_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/** Recent event ids, to drop a redelivered outcome; bounded like everything else. */
const MAX_REMEMBERED_EVENTS = 500;
/** API.md: at most 50 topics per subscribe message. */
const MAX_TOPICS_PER_MESSAGE = 50;

export class LiveConnection {
  private socket: WebSocket | undefined;
  private readonly topics = new Set<string>();
  private readonly lastSeq = new Map<string, number>();
  private readonly seen: string[] = [];
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private hasConnectedBefore = false;
  private closed = false;

  constructor(
    private readonly wsUrl: string,
    private readonly token: () => string | undefined,
    private readonly renewToken: () => Promise<string | undefined>,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    this.closed = false;
    this.open();
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.socket?.close();
    this.socket = undefined;
  }

  /** Follows the page: subscribes to what it now shows, unsubscribes from the rest. */
  setTopics(wanted: readonly string[]): void {
    const next = new Set(wanted);
    const added = [...next].filter((t) => !this.topics.has(t));
    const removed = [...this.topics].filter((t) => !next.has(t));
    for (const t of removed) this.topics.delete(t);
    for (const t of added) this.topics.add(t);
    this.send('unsubscribe', removed);
    this.send('subscribe', added);
  }

  private send(action: 'subscribe' | 'unsubscribe', topics: readonly string[]): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return; // sent in full on (re)connect
    for (let i = 0; i < topics.length; i += MAX_TOPICS_PER_MESSAGE) {
      this.socket.send(JSON.stringify({ action, topics: topics.slice(i, i + MAX_TOPICS_PER_MESSAGE) }));
    }
  }

  private open(): void {
    const token = this.token();
    if (!token || this.closed) return;
    this.handlers.onStatus('connecting');
    const socket = new WebSocket(`${this.wsUrl}?token=${encodeURIComponent(token)}`);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.retryMs = FIRST_RETRY_MS;
      this.handlers.onStatus('online');
      this.send('subscribe', [...this.topics]);
      if (this.hasConnectedBefore && this.topics.size > 0) this.handlers.onResync([...this.topics], 'reconnect');
      this.hasConnectedBefore = true;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"action":"ping"}'), PING_INTERVAL_MS);
    };
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = () => {
      clearInterval(this.pingTimer);
      if (this.socket !== socket || this.closed) return;
      this.handlers.onStatus('offline');
      // Refused at connect (never opened): the access token may have expired, so renew it first.
      const renewal = opened ? Promise.resolve(undefined) : this.renewToken();
      renewal.finally(() => {
        this.retryTimer = setTimeout(() => this.open(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      });
    };
  }

  private receive(text: string): void {
    let message: { type?: string } & Partial<Push>;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type !== 'event' || typeof message.topic !== 'string' || typeof message.seq !== 'number' || !message.event) return;
    const push = message as Push;
    const last = this.lastSeq.get(push.topic);
    if (last !== undefined && push.seq > last + 1) this.handlers.onResync([push.topic], 'gap');
    // Pushes may arrive out of order; a late one never moves the count back.
    this.lastSeq.set(push.topic, Math.max(last ?? 0, push.seq));
    if (this.seen.includes(push.event.id)) return;
    this.seen.push(push.event.id);
    if (this.seen.length > MAX_REMEMBERED_EVENTS) this.seen.shift();
    this.handlers.onPush(push);
  }
}
