/** GET /asyncapi.json: the AsyncAPI 3.0 document of the WebSocket protocol, built once per container. */

import { manifest } from '../../manifest/manifest';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { getAsyncApi as contract } from '../../shared/platform/routes';
import { buildAsyncApiDocument } from '../../shared/ws/asyncapi';

let document: ReturnType<typeof buildAsyncApiDocument> | undefined;

export const handler = httpHandler(contract, async () => {
  document ??= buildAsyncApiDocument(manifest);
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
