/** GET /openapi.json: the OpenAPI 3.1 document, built once per container. */
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { buildOpenApiDocument } from '../../shared/openapi/document';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler({ auth: false }, async ({ event }) => {
  const stage = event.requestContext?.stage;
  document ??= buildOpenApiDocument(undefined, stage && event.requestContext.apiId !== 'local' ? `/${stage}` : '/');
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
