/** GET /openapi.json: the OpenAPI 3.1 document, built once per container. */
import { httpHandler, stagePath } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { buildOpenApiDocument } from '../../shared/openapi/document';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler({ auth: false }, async ({ event }) => {
  document ??= buildOpenApiDocument(undefined, stagePath(event) || '/');
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
