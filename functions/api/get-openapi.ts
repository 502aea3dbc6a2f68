/** GET /openapi.json: the OpenAPI 3.1 document, built once per container. */

import { manifest } from '../../manifest/manifest';
import { httpHandler, stagePath } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { buildOpenApiDocument } from '../../shared/openapi/document';
import { getOpenApi as contract } from '../../shared/platform/routes';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler(contract, async ({ event }) => {
  document ??= buildOpenApiDocument(
    manifest.routes.map((route) => route.contract),
    stagePath(event) || '/',
  );
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
