import { describe, expect, it } from 'vitest';
import { manifest } from '../../../infra/manifest';
import { buildOpenApiDocument } from '../../../shared/openapi/document';

const document = buildOpenApiDocument();
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

  it('fails to build when a manifest route has no documentation', () => {
    const withExtra = {
      ...manifest,
      routes: [...manifest.routes, { method: 'GET' as const, path: '/undocumented', handler: 'x.ts', auth: true }],
    };
    expect(() => buildOpenApiDocument(withExtra)).toThrow(/no entry for GET \/undocumented/);
  });

  it('has only resolvable $refs', () => {
    const text = JSON.stringify(document);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/(\w+)\/([^"]+)"/g)) {
      expect(text).toContain(`"${ref}"`);
    }
  });
});
