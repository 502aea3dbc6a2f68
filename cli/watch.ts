/** `evenly watch`: a live stream of pushes for the given topics, until Ctrl-C. */
import WebSocket from 'ws';
import type { Output } from './output';

/** API Gateway closes idle WebSockets after 10 minutes; ping well before. */
const PING_INTERVAL_MS = 5 * 60 * 1000;

export function watch(wsUrl: string, token: string, topics: string[], out: Output): Promise<void> {
  if (topics.length === 0) return Promise.reject(new Error('name at least one topic, e.g. user:me'));
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
    const ping = setInterval(() => socket.send(JSON.stringify({ action: 'ping' })), PING_INTERVAL_MS);
    socket.on('open', () => socket.send(JSON.stringify({ action: 'subscribe', topics })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; topic?: string; event?: { type: string; data: unknown } };
      if (message.type === 'pong') return;
      out.print(message, (m: typeof message) =>
        m.type === 'event' ? `${m.topic}  ${m.event?.type}  ${JSON.stringify(m.event?.data)}` : JSON.stringify(m),
      );
    });
    socket.on('unexpected-response', (_req, res) => reject(new Error(`refused (${res.statusCode}); sign in again`)));
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(ping);
      resolve();
    });
    process.once('SIGINT', () => socket.close());
  });
}
