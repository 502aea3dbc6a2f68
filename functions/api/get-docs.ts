/**
 * GET /docs: interactive documentation of /openapi.json. The page loads the Scalar API
 * reference viewer from its CDN in the reader's browser; nothing is bundled here.
 */

import { httpHandler, stagePath } from '../../shared/http/handler';
import { getDocs as contract } from '../../shared/platform/routes';

const page = (specUrl: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Evenly API</title>
  </head>
  <body>
    <noscript>The interactive reference needs JavaScript. The raw document is at <a href="${specUrl}">${specUrl}</a>.</noscript>
    <script id="api-reference" data-url="${specUrl}"></script>
    <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script>
  </body>
</html>`;

export const handler = httpHandler(contract, async ({ event }) => {
  const prefix = stagePath(event);
  return { status: 200, body: page(`${prefix}/openapi.json`) };
});
