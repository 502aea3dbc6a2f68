/**
 * `evenly watch`: a live stream of pushes for the given topics, until Ctrl-C.
 *
 * The access token lives 15 minutes, so a refused connection (401) refreshes the session
 * once and tries again, as REST calls do. A first connection that fails ends the command
 * at once; a connection lost later is re-opened (re-subscribing) a bounded number of
 * times, and the command fails when none succeeds. A subscription that accepts no topic
 * ends the command at once (exit 1): there would be nothing to watch.
 */
import WebSocket from 'ws';
import type { Output } from './output';

/** API Gateway closes idle WebSockets after 10 minutes; ping well before. */
const PING_INTERVAL_MS = 5 * 60 * 1000;
/** How long an opening handshake may take before the attempt counts as failed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Attempts to re-open a lost connection before giving up; the pause doubles from the base. */
const MAX_RECONNECT_ATTEMPTS = 5;
const RECONNECT_BASE_DELAY_MS = 1_000;

/** Where the token comes from: the typed client, whose session refresh the REST calls use too. */
export interface WatchSession {
  readonly token: string | undefined;
  /** A fresh access token (refreshing the session), or undefined when the session cannot be refreshed. */
  renewToken(): Promise<string | undefined>;
}

/** The server answered the upgrade with an HTTP status instead of a WebSocket. */
class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`the WebSocket refused the connection (${status})`);
  }
}

/** Why watching cannot go on, whatever is retried: the session is gone or the server says no. */
class NotAllowedError extends Error {}

/** One connection attempt: the open socket, or why it did not open. Ctrl-C abandons it. */
function connect(wsUrl: string, token: string, stop: AbortSignal): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`, { handshakeTimeout: CONNECT_TIMEOUT_MS });
    const abandon = () => socket.terminate();
    stop.addEventListener('abort', abandon, { once: true });
    const fail = (error: Error) => {
      stop.removeEventListener('abort', abandon);
      reject(error);
    };
    socket.on('error', fail);
    // Handling the response ourselves leaves the socket CONNECTING; terminate() ends it.
    socket.once('unexpected-response', (_request, response) => {
      fail(new RefusedError(response.statusCode ?? 0));
      socket.terminate();
    });
    socket.once('open', () => {
      stop.removeEventListener('abort', abandon);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** Why an attempt failed, as watch() treats it: refusals of the session are final, the rest may pass. */
function attemptError(wsUrl: string, error: unknown): Error {
  if (!(error instanceof RefusedError)) return new Error(`cannot connect to ${wsUrl}: ${(error as Error).message}`);
  if (error.status === 401 || error.status === 403) return new NotAllowedError(`${error.message}; sign in again (evenly login)`);
  return error;
}

/** A connection with the current token, or, when that is refused as expired (401), with a refreshed one. */
async function open(wsUrl: string, session: WatchSession, stop: AbortSignal): Promise<WebSocket> {
  const token = session.token;
  if (!token) throw new NotAllowedError('Sign in first (evenly login).');
  try {
    return await connect(wsUrl, token, stop);
  } catch (error) {
    if (!(error instanceof RefusedError && error.status === 401)) throw attemptError(wsUrl, error);
  }
  const fresh = await session.renewToken();
  if (!fresh) throw new NotAllowedError('the session has expired; sign in again (evenly login)');
  try {
    return await connect(wsUrl, fresh, stop);
  } catch (error) {
    throw attemptError(wsUrl, error);
  }
}

type Message = {
  type: string;
  topic?: string;
  topics?: unknown;
  status?: number;
  detail?: string;
  event?: { type: string; data: unknown };
};

function printPush(out: Output, data: WebSocket.RawData): Message | undefined {
  let message: Message;
  try {
    message = JSON.parse(data.toString()) as Message;
  } catch {
    out.print({ type: 'unreadable', text: data.toString() }, () => `unreadable message: ${data.toString()}`);
    return undefined;
  }
  if (message.type === 'pong') return message;
  out.print(message, (m: Message) =>
    m.type === 'event' ? `${m.topic}  ${m.event?.type}  ${JSON.stringify(m.event?.data)}` : JSON.stringify(m),
  );
  return message;
}

/**
 * Why the server's answer to `subscribe` leaves nothing to watch, or undefined while it may
 * still: every topic refused (each 403 comes first, then `subscribed` with none) or the whole
 * message refused (an error naming no topic).
 */
function nothingSubscribed(message: Message | undefined, topics: readonly string[]): string | undefined {
  if (message?.type === 'subscribed' && Array.isArray(message.topics)) {
    return message.topics.length === 0 ? `no topic was accepted (${topics.join(', ')})` : undefined;
  }
  if (message?.type === 'error' && message.topic === undefined) return `the subscription was refused: ${message.detail ?? message.status}`;
  return undefined;
}

/** Subscribes and prints pushes until the socket closes; resolves with the close code. */
function stream(socket: WebSocket, topics: string[], out: Output, stop: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const ping = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ action: 'ping' }));
    }, PING_INTERVAL_MS);
    const close = () => socket.close();
    stop.addEventListener('abort', close, { once: true });
    let isAwaitingSubscription = true;
    let refusal: string | undefined;
    socket.on('message', (data) => {
      const message = printPush(out, data);
      if (!isAwaitingSubscription) return;
      if (message?.type === 'subscribed') isAwaitingSubscription = false;
      refusal = nothingSubscribed(message, topics);
      if (refusal) {
        isAwaitingSubscription = false;
        socket.close();
      }
    });
    // An error is always followed by 'close', which says what happened; without a listener it would throw.
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      clearInterval(ping);
      stop.removeEventListener('abort', close);
      if (refusal) reject(new NotAllowedError(refusal));
      else resolve(code);
    });
    if (stop.aborted) socket.close();
    else socket.send(JSON.stringify({ action: 'subscribe', topics }));
  });
}

function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}

/** Re-opens a lost connection; undefined when Ctrl-C came first. */
async function reconnect(wsUrl: string, session: WatchSession, stop: AbortSignal): Promise<WebSocket | undefined> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < MAX_RECONNECT_ATTEMPTS; attempt++) {
    await pause(RECONNECT_BASE_DELAY_MS * 2 ** attempt, stop);
    if (stop.aborted) return undefined;
    try {
      return await open(wsUrl, session, stop);
    } catch (error) {
      if (stop.aborted) return undefined;
      if (error instanceof NotAllowedError) throw error;
      lastError = error as Error;
    }
  }
  throw new Error(`lost the connection and ${MAX_RECONNECT_ATTEMPTS} attempts to reconnect failed (${lastError?.message})`);
}

export async function watch(wsUrl: string, topics: string[], out: Output, session: WatchSession): Promise<void> {
  if (topics.length === 0) throw new Error('name at least one topic, e.g. user:me');
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  try {
    let socket: WebSocket | undefined = await open(wsUrl, session, stop.signal).catch((error: unknown) => {
      if (stop.signal.aborted) return undefined;
      throw error;
    });
    while (socket) {
      const code = await stream(socket, topics, out, stop.signal);
      if (stop.signal.aborted) return;
      console.error(`Connection lost (close code ${code}); reconnecting. Pushes sent meanwhile are missed.`);
      socket = await reconnect(wsUrl, session, stop.signal);
      if (socket) console.error('Reconnected.');
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
