/**
 * `evenly`: drive the API from a terminal. The API URL comes from EVENLY_API_URL
 * (default: the local runtime); the session is kept in the config directory and
 * refreshed when the access token expires.
 */
import { parseArgs } from 'node:util';
import { EvenlyApiError, EvenlyClient } from '../shared/client/evenly-client';
import { type CommandContext, commands, STRING_OPTIONS, usage } from './commands';
import { output } from './output';
import { loadSession, saveSession } from './session';

const DEFAULT_API_URL = 'http://127.0.0.1:3000';

function clientFor(apiUrl: string): EvenlyClient {
  const stored = loadSession();
  if (!stored || stored.apiUrl !== apiUrl) return new EvenlyClient({ baseUrl: apiUrl });
  return new EvenlyClient({
    baseUrl: apiUrl,
    accessToken: stored.accessToken,
    onUnauthorized: async () => {
      const fresh = await new EvenlyClient({ baseUrl: apiUrl }).refresh(stored.refreshToken).catch(() => undefined);
      if (!fresh) return undefined;
      saveSession(apiUrl, fresh);
      return fresh.accessToken;
    },
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      wait: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(STRING_OPTIONS.map((o) => [o, { type: 'string' as const }])),
    },
  });
  const [name, ...rest] = positionals;
  const command = name ? (commands[name] ?? commands[`${name} ${rest[0] ?? ''}`]) : undefined;
  if (!command || values.help) {
    console.log(usage());
    return command || values.help ? 0 : 1;
  }
  const args = commands[name as string] ? rest : rest.slice(1);
  const apiUrl = process.env.EVENLY_API_URL ?? DEFAULT_API_URL;
  const context: CommandContext = {
    apiUrl,
    client: clientFor(apiUrl),
    args,
    flags: values as Record<string, string | boolean | undefined>,
    out: output(values.json === true),
  };
  try {
    await command.run(context);
    return 0;
  } catch (error) {
    if (error instanceof EvenlyApiError) {
      const { problem } = error;
      if (context.out.json) console.error(JSON.stringify(problem));
      else {
        console.error(`Error ${problem.status} (${problem.type}): ${problem.detail ?? problem.title}`);
        for (const e of problem.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
      }
      return 2;
    }
    console.error(`Error: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
