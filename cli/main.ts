/**
 * `evenly`: drive the API from a terminal. The API URL comes from EVENLY_API_URL
 * (default: the local runtime); the session is kept in the config directory and
 * refreshed when the access token expires. Every failure is one message on stderr and
 * an exit code from exit-codes.ts, never a stack trace.
 */
import type { EvenlyClient } from '../shared/client/evenly-client';
import { EvenlyApiError, UNTYPED_PROBLEM } from '../shared/client/problem';
import { parseCommandLine } from './args';
import type { CommandContext } from './command';
import { commands, usage } from './commands';
import { EXIT } from './exit-codes';
import { output } from './output';
import { loadSession, saveSession } from './session';

const DEFAULT_API_URL = 'http://127.0.0.1:3000';

/** The typed client holds every route's contract: loaded only once a command is to run, so `--help` starts fast. */
async function clientFor(apiUrl: string): Promise<EvenlyClient> {
  const { EvenlyClient } = await import('../shared/client/evenly-client');
  const stored = loadSession();
  if (!stored || stored.apiUrl !== apiUrl) return new EvenlyClient({ baseUrl: apiUrl });
  return new EvenlyClient({
    baseUrl: apiUrl,
    accessToken: stored.accessToken,
    onUnauthorized: async () => {
      // The refresh token as stored now, not at start: an earlier refresh (a long `watch`) or
      // another evenly process may have rotated it, and presenting a rotated one revokes the session.
      const current = loadSession();
      const refreshToken = current?.apiUrl === apiUrl ? current.refreshToken : stored.refreshToken;
      const fresh = await new EvenlyClient({ baseUrl: apiUrl }).refresh(refreshToken).catch(() => undefined);
      if (!fresh) return undefined;
      saveSession(apiUrl, fresh);
      return fresh.accessToken;
    },
  });
}

/** One line for an error that is not the API's answer; a failed fetch names what it could not reach. */
function messageOf(error: unknown, apiUrl: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return `cannot reach the API at ${apiUrl} (${cause?.code ?? cause?.message ?? 'network error'})`;
  }
  return error instanceof Error ? error.message : String(error);
}

function printApiError(error: EvenlyApiError, json: boolean): void {
  const { problem } = error;
  if (json) {
    console.error(JSON.stringify(problem));
    return;
  }
  const type = problem.type === UNTYPED_PROBLEM ? '' : ` (${problem.type})`;
  console.error(`Error ${problem.status}${type}: ${problem.detail ?? problem.title}`);
  for (const e of problem.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
  // Reached only when the stored session could not be refreshed (or there is none).
  if (problem.status === 401) console.error('Sign in first: evenly login --email E --password P');
}

async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(commands, argv, usage());
  if (line.kind === 'refused') {
    console.error(`Error: ${line.message}`);
    console.error(line.usage ? `Usage: evenly ${line.usage}` : 'Run `evenly --help` to see every command.');
    return EXIT.error;
  }
  if (line.kind === 'help') {
    if (line.message) console.error(`Error: ${line.message}`);
    console.log(line.text);
    return line.exitCode;
  }
  const apiUrl = process.env.EVENLY_API_URL ?? DEFAULT_API_URL;
  const context: CommandContext = {
    apiUrl,
    client: await clientFor(apiUrl),
    args: line.args,
    flags: line.flags,
    out: output(line.flags.json === true),
  };
  try {
    return (await line.command.run(context)) ?? EXIT.ok;
  } catch (error) {
    if (error instanceof EvenlyApiError) {
      printApiError(error, context.out.json);
      return EXIT.apiError;
    }
    console.error(`Error: ${messageOf(error, apiUrl)}`);
    return EXIT.error;
  }
}

process.exitCode = await main(process.argv.slice(2));
