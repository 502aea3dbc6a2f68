import { describe, expect, it } from 'vitest';
import { manifest } from '../../../manifest/manifest';
import { buildOpenApiDocument } from '../../../shared/openapi/document';

const contracts = manifest.routes.map((route) => route.contract);
const document = buildOpenApiDocument(contracts);
type Operation = {
  security?: unknown[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
  parameters?: { name: string; in: string }[];
};
const operation = (method: string, path: string) =>
  (document.paths?.[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it.each(manifest.routes.map((r) => [`${r.method} ${r.path}`, r]))('documents %s', (_name, route) => {
    const op = operation(route.method, route.path);
    expect(op, `${route.method} ${route.path}`).toBeDefined();
    expect(Object.keys(op?.responses ?? {}).length).toBeGreaterThan(0);
    expect(Boolean(op?.security?.length)).toBe(route.auth);
    for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
      expect(op?.parameters?.some((p) => p.in === 'path' && p.name === name)).toBe(true);
    }
  });

  it('documents the idempotency-key header on commands that create or move something', () => {
    for (const [method, path] of [
      ['POST', '/transfers'],
      ['POST', '/purchases'],
      ['POST', '/groups/{id}/expenses'],
    ] as const) {
      expect(operation(method, path)?.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')).toBe(true);
    }
  });

  it('describes errors as problem details', () => {
    const op = operation('POST', '/transfers') as { responses: Record<string, { content?: Record<string, unknown> }> };
    expect(Object.keys(op.responses['400']?.content ?? {})).toEqual(['application/problem+json']);
  });

  it.each([
    ['POST', '/auth/login', '401'],
    ['POST', '/auth/login', '429'],
    ['POST', '/auth/refresh', '401'],
    ['POST', '/auth/register', '409'],
    ['POST', '/transfers', '404'],
    ['POST', '/products', '404'],
    ['POST', '/purchases', '404'],
    ['POST', '/groups/{id}/members', '403'],
    ['POST', '/groups/{id}/expenses', '403'],
    ['DELETE', '/groups/{id}/expenses/{expenseId}', '403'],
    ['DELETE', '/groups/{id}/expenses/{expenseId}', '409'],
    ['POST', '/groups/{id}/expenses/{expenseId}/comments', '403'],
    ['POST', '/groups/{id}/settlements', '403'],
    ['GET', '/health', '503'],
  ] as const)('declares that %s %s can answer %s', (method, path, status) => {
    expect(Object.keys(operation(method, path)?.responses ?? {})).toContain(status);
  });

  it('describes an error its handler decides in its own words', () => {
    const op = operation('POST', '/transfers') as { responses: Record<string, { description: string }> };
    expect(op.responses['404']?.description).toMatch(/fromAccountId/);
  });

  it('answers a degraded health check with the health report, not problem details', () => {
    const op = operation('GET', '/health') as { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
    expect(Object.keys(op.responses['503']?.content ?? {})).toEqual(['application/json']);
    expect(op.responses['503']?.content?.['application/json']?.schema).toEqual(op.responses['200']?.content?.['application/json']?.schema);
  });

  it('states the retry-after header of a rate-limited login', () => {
    const op = operation('POST', '/auth/login') as { responses: Record<string, { headers?: Record<string, unknown> }> };
    expect(Object.keys(op.responses['429']?.headers ?? {})).toEqual(['retry-after']);
  });

  it('does not declare statuses a route cannot answer', () => {
    expect(Object.keys(operation('GET', '/health')?.responses ?? {}).sort()).toEqual(['200', '500', '503']);
    expect(operation('POST', '/auth/register')?.responses).not.toHaveProperty('401');
    expect(operation('GET', '/accounts')?.responses).not.toHaveProperty('403');
    expect(operation('DELETE', '/groups/{id}/expenses/{expenseId}')?.parameters?.some((p) => p.name === 'idempotency-key')).toBe(false);
  });

  it('states the request headers a route reads: the webhook signature and the version an edit names', () => {
    const headerOf = (method: string, path: string, name: string) =>
      (operation(method, path)?.parameters as { name: string; in: string; required: boolean }[] | undefined)?.find(
        (p) => p.in === 'header' && p.name === name,
      );
    expect(headerOf('POST', '/webhooks/deposits', 'evenly-signature')).toMatchObject({ required: true });
    expect(headerOf('PATCH', '/groups/{id}/expenses/{expenseId}', 'if-match')).toMatchObject({ required: true });
  });

  it('takes the webhook key from the event id, not from an idempotency-key header', () => {
    expect(operation('POST', '/webhooks/deposits')?.parameters?.some((p) => p.name === 'idempotency-key')).toBe(false);
    expect(operation('POST', '/webhooks/deposits')?.security ?? []).toEqual([]);
  });

  it('answers the expense export as text/csv', () => {
    const op = operation('GET', '/groups/{id}/expenses.csv') as { responses: Record<string, { content?: Record<string, unknown> }> };
    expect(Object.keys(op.responses['200']?.content ?? {})).toEqual(['text/csv']);
  });

  it('documents an invitation’s 202 beside a new member’s 201', () => {
    expect(Object.keys(operation('POST', '/groups/{id}/members')?.responses ?? {})).toEqual(expect.arrayContaining(['201', '202']));
  });

  it('states no request body for a route that refuses one', () => {
    expect(operation('POST', '/auth/verify-email/resend')?.requestBody).toBeUndefined();
  });

  it.each([
    ['POST', '/accounts/{id}/deposits'],
    ['POST', '/accounts/{id}/withdrawals'],
    ['POST', '/transfers'],
    ['POST', '/purchases'],
    ['POST', '/groups/{id}/settlements'],
  ] as const)('states that %s %s refuses an unverified email (403)', (method, path) => {
    const op = operation(method, path) as { responses: Record<string, { description: string }> };
    expect(op.responses['403']?.description).toMatch(/email-not-verified/);
  });

  it('refuses two contracts for one method and path', () => {
    const [first] = contracts;
    expect(() => buildOpenApiDocument([...contracts, { ...(first as (typeof contracts)[number]) }])).toThrow(
      /Two route contracts declare GET \/health/,
    );
  });

  it('has only resolvable $refs', () => {
    const text = JSON.stringify(document);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/(\w+)\/([^"]+)"/g)) {
      expect(text).toContain(`"${ref}"`);
    }
  });
});
