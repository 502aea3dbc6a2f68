/**
 * A process that loads handlers as the local runtime does, with `npm run dev`'s reload on
 * the folder in argv[2]: each `invoke <file>` line on stdin prints `result <json>`, and each
 * reload prints `reloaded <generation>`. Run by reload.test.ts with tsx, because the reload
 * hooks apply to Node's own module loader (not vitest's).
 */
import { createInterface } from 'node:readline';
import { lambdaContext, loadHandler } from '../../../infra/local/lambda';
import { reloadHandlersOnChange } from '../../../infra/local/reload';

const folder = process.argv[2] as string;
reloadHandlersOnChange((_changed, generation) => console.log(`reloaded ${generation}`), [folder]);
for await (const line of createInterface({ input: process.stdin })) {
  const [command, file] = line.split(' ');
  if (command !== 'invoke' || !file) continue;
  const handler = await loadHandler(file);
  console.log(`result ${JSON.stringify(await handler({}, lambdaContext(file)))}`);
}
