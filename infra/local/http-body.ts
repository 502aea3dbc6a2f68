/** Reading a request body on the local runtime's HTTP servers (REST, @connections, PutEvents). */
import type { IncomingMessage } from 'node:http';

/** The whole body, or `'too-large'` as soon as it passes `maxBytes` (the rest is not buffered). */
export async function readBody(req: IncomingMessage): Promise<Buffer>;
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'>;
export async function readBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
