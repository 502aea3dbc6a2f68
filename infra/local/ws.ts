/**
 * The WebSocket API emulation: a `ws` server that authorizes `$connect` with the
 * manifest authorizer (REQUEST type, token in the query string), routes messages by
 * their `action` to the manifest's WebSocket routes (else `$default`), and serves the
 * `@connections` management API on the same port, so the fan-out Lambda's
 * `ApiGatewayManagementApiClient.PostToConnection` works unchanged (410 for gone clients).
 * Connections are closed at API Gateway's limits (idle timeout, maximum duration), so a
 * client that works locally also copes with being closed on AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import { manifest as defaultManifest, type Manifest, API_STAGE as STAGE } from '../../manifest/manifest';
import { isAuthorizerDenial } from '../../shared/http/gateway-problems';
import { readBody } from './http-body';
import { invoke } from './lambda';
import { listenLocally } from './ports';

/** API Gateway WebSocket limits: 128 KB per message (frames of 32 KB are reassembled). */
const MAX_MESSAGE_BYTES = 128 * 1024;
/** What API Gateway sends when it closes a connection at one of its time limits. */
const GOING_AWAY = 1001;

/** When API Gateway closes a connection (quotas: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html). */
export interface WebSocketLimits {
  /** Connection duration for WebSocket API: 2 hours. */
  readonly maxConnectionDurationMs: number;
  /** Idle connection timeout: 10 minutes without a message either way. */
  readonly idleTimeoutMs: number;
}

export const API_GATEWAY_LIMITS: WebSocketLimits = {
  maxConnectionDurationMs: 2 * 60 * 60 * 1000,
  idleTimeoutMs: 10 * 60 * 1000,
};

interface Connection {
  readonly socket: WebSocket;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly authorizer: Record<string, unknown>;
  lastActiveAt: number;
  /** Restarted by every message in or out; closes the connection when it runs out. */
  readonly idleTimer: NodeJS.Timeout;
  readonly maxDurationTimer: NodeJS.Timeout;
}

export interface LocalWebSocket {
  readonly url: string;
  readonly managementEndpoint: string;
  readonly port: number;
  connectionCount(): number;
  stop(): Promise<void>;
}

export interface WebSocketOptions {
  readonly port: number;
  readonly manifest?: Manifest;
  readonly log?: (line: string) => void;
  /** API Gateway's by default; shorter ones let tests watch a connection being closed. */
  readonly limits?: Partial<WebSocketLimits>;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startWebSocket(options: WebSocketOptions): Promise<LocalWebSocket> {
  const m = options.manifest ?? defaultManifest;
  const limits: WebSocketLimits = { ...API_GATEWAY_LIMITS, ...options.limits };
  const connections = new Map<string, Connection>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = options.port;
  const routeFor = (key: string) => m.wsRoutes.find((r) => r.routeKey === key);

  const baseContext = (connectionId: string, routeKey: string, eventType: string, authorizer: Record<string, unknown>) => ({
    routeKey,
    eventType,
    connectionId,
    domainName: `127.0.0.1:${port}`,
    stage: STAGE,
    apiId: 'local',
    requestId: randomUUID(),
    requestTimeEpoch: Date.now(),
    connectedAt: connections.get(connectionId)?.connectedAt ?? Date.now(),
    authorizer,
  });

  async function runRoute(routeKey: string, connectionId: string, eventType: string, body?: string) {
    const route = routeFor(routeKey);
    if (!route) return undefined;
    const authorizer = connections.get(connectionId)?.authorizer ?? {};
    return invoke<{ statusCode?: number; body?: string } | undefined>(route.handler, {
      requestContext: baseContext(connectionId, routeKey, eventType, authorizer),
      isBase64Encoded: false,
      ...(body !== undefined ? { body } : {}),
    });
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Until ws takes the socket over, nothing else listens for its errors: a client that resets
    // the connection while the authorizer or $connect runs would otherwise end the whole runtime.
    const onHandshakeError = (error: Error) => options.log?.(`connection lost during the handshake: ${error.message}`);
    socket.on('error', onHandshakeError);
    const url = new URL(req.url ?? '/', 'http://local');
    const connectionId = randomUUID().replaceAll('-', '').slice(0, 16);
    const query = Object.fromEntries(url.searchParams.entries());
    let authorizer: Record<string, unknown>;
    try {
      const result = await invoke<APIGatewayAuthorizerResult>(m.authorizer.handler, {
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:us-east-1:000000000000:local/${STAGE}/$connect`,
        headers: req.headers,
        queryStringParameters: query,
        requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId, stage: STAGE, apiId: 'local' },
      });
      if (!result.policyDocument.Statement.some((s) => s.Effect === 'Allow')) return refuse(socket, 403, 'Forbidden');
      authorizer = { ...(result.context ?? {}), principalId: result.principalId };
    } catch (error) {
      if (isAuthorizerDenial(error)) return refuse(socket, 401, 'Unauthorized');
      options.log?.(`the authorizer failed: ${(error as Error).stack ?? String(error)}`);
      return refuse(socket, 500, 'Internal Server Error');
    }
    const connect = routeFor('$connect');
    if (connect) {
      const result = await invoke<{ statusCode?: number } | undefined>(connect.handler, {
        requestContext: { ...baseContext(connectionId, '$connect', 'CONNECT', authorizer) },
        queryStringParameters: query,
        headers: req.headers,
        isBase64Encoded: false,
      }).catch(() => ({ statusCode: 500 }));
      const status = result?.statusCode ?? 200;
      if (status < 200 || status >= 300) return refuse(socket, status, 'Refused');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onHandshakeError);
      const now = Date.now();
      const closeAt = (limit: string) => () => ws.readyState === WebSocket.OPEN && ws.close(GOING_AWAY, `Going away (${limit})`);
      connections.set(connectionId, {
        socket: ws,
        connectedAt: now,
        lastActiveAt: now,
        sourceIp: req.socket.remoteAddress ?? '',
        authorizer,
        idleTimer: setTimeout(closeAt('idle timeout'), limits.idleTimeoutMs).unref(),
        maxDurationTimer: setTimeout(closeAt('maximum connection duration'), limits.maxConnectionDurationMs).unref(),
      });
      ws.on('message', (data) => void onMessage(connectionId, data.toString()));
      // A protocol error (e.g. a message over the limit): ws has already sent the close code
      // (1009 for size, as API Gateway does); without a listener the error would end the runtime.
      ws.on('error', (error) => options.log?.(`[ws ${connectionId}] closed: ${error.message}`));
      ws.on('close', () => {
        const connection = connections.get(connectionId);
        if (connection) {
          clearTimeout(connection.idleTimer);
          clearTimeout(connection.maxDurationTimer);
        }
        connections.delete(connectionId);
        runRoute('$disconnect', connectionId, 'DISCONNECT').catch((e: Error) => options.log?.(`$disconnect failed: ${e.message}`));
      });
    });
  }

  function markActive(connection: Connection): void {
    connection.lastActiveAt = Date.now();
    connection.idleTimer.refresh();
  }

  async function onMessage(connectionId: string, text: string): Promise<void> {
    const connection = connections.get(connectionId);
    if (!connection) return;
    markActive(connection);
    let action: unknown;
    try {
      action = (JSON.parse(text) as { action?: unknown })?.action;
    } catch {
      action = undefined;
    }
    const routeKey = typeof action === 'string' && routeFor(action) && !action.startsWith('$') ? action : '$default';
    try {
      const result = await runRoute(routeKey, connectionId, 'MESSAGE', text);
      // Two-way routes: a returned body goes back to the caller, as API Gateway does.
      if (result?.body && connection.socket.readyState === WebSocket.OPEN) {
        connection.socket.send(result.body);
        markActive(connection);
      }
    } catch (error) {
      options.log?.(`[ws ${routeKey}] failed: ${(error as Error).message}`);
    }
  }

  async function onManagement(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ message: 'Not found' }));
    }
    const connectionId = decodeURIComponent(match[1] as string);
    const connection = connections.get(connectionId);
    const body = await readBody(req);
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) {
      res.writeHead(410, { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' });
      return void res.end(JSON.stringify({ message: `Connection ${connectionId} is gone` }));
    }
    if (req.method === 'POST') {
      connection.socket.send(body.toString('utf8'));
      markActive(connection);
      res.writeHead(200);
      return void res.end();
    }
    if (req.method === 'DELETE') {
      connection.socket.close(1000, 'closed by server');
      res.writeHead(204);
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        ConnectedAt: new Date(connection.connectedAt).toISOString(),
        LastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        Identity: { SourceIp: connection.sourceIp },
      }),
    );
  }

  const server: Server = createServer((req, res) => {
    onManagement(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    onUpgrade(req, socket, head).catch((error: Error) => {
      options.log?.(`upgrade failed: ${error.message}`);
      refuse(socket, 500, 'Internal Server Error');
    });
  });
  const listening = await listenLocally(server, options.port);
  port = listening.port;
  return {
    url: `ws://127.0.0.1:${port}`,
    managementEndpoint: `http://127.0.0.1:${port}/${STAGE}`,
    port,
    connectionCount: () => connections.size,
    stop: async () => {
      for (const c of connections.values()) c.socket.terminate();
      wss.close();
      await listening.close();
    },
  };
}
