/**
 * The command line, parsed strictly: every command shares one set of options, and a
 * mistake (an unknown option, a missing value, a negative number) becomes a one-line
 * message instead of an exception.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export const STRING_OPTIONS = [
  'email',
  'password',
  'name',
  'currency',
  'account',
  'to-account',
  'quantity',
  'price',
  'stock',
  'sku',
  'memo',
  'description',
  'amount',
  'paid-by',
  'split',
  'with',
  'note',
  'tags',
  'limit',
  'cursor',
  'table',
  'endpoint',
  // mailbox --to, webhook deposit --id (the provider's event id)
  'to',
  'id',
] as const;

const OPTIONS = {
  json: { type: 'boolean' },
  wait: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(STRING_OPTIONS.map((o) => [o, { type: 'string' }])),
} as const satisfies ParseArgsConfig['options'];

export type Flags = Record<string, string | boolean | undefined>;

export type CommandLine =
  | { readonly ok: true; readonly flags: Flags; readonly positionals: string[] }
  /** `positionals` is a best guess, to name the command in the usage hint. */
  | { readonly ok: false; readonly message: string; readonly positionals: string[] };

/**
 * `-5` or `-0.50`. parseArgs would take it for an option; no amount, quantity or limit may
 * be negative, so it is refused here, in words that say why.
 */
const NEGATIVE_NUMBER = /^-\d/;

interface ParseArgsError extends Error {
  readonly code: string;
}
function isParseArgsError(error: unknown): error is ParseArgsError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** Node's message names the option between quotes (`'--limt'`, `'--email <value>'`). */
function describe(error: ParseArgsError): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return error.message.includes('does not take an argument') ? `${option} takes no value` : `${option} needs a value`;
  }
  return error.message.split('\n')[0] ?? error.message;
}

function lenientPositionals(argv: readonly string[]): string[] {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: OPTIONS }).positionals;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const end = argv.indexOf('--');
  const negative = (end === -1 ? argv : argv.slice(0, end)).find((token) => NEGATIVE_NUMBER.test(token));
  if (negative !== undefined) {
    const message = `${negative} is negative; amounts, quantities and limits must be positive`;
    return { ok: false, message, positionals: lenientPositionals(argv) };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    return { ok: true, flags: values as Flags, positionals };
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    return { ok: false, message: describe(error), positionals: lenientPositionals(argv) };
  }
}

type SplitType = 'equal' | 'exact' | 'percent' | 'shares';
export type Participant = { userId: string; amount?: string; percent?: string; shares?: number };
const SPLIT_TYPES: readonly SplitType[] = ['equal', 'exact', 'percent', 'shares'];

/**
 * `--with` for `expenses add`: `userId,userId` for an equal split; `userId=value,…` for the
 * others, where the value is the participant's amount (exact), percent, or whole number of
 * shares. Sums and membership are the API's to check.
 */
export function parseParticipants(split: string, participants: string): { type: SplitType; participants: Participant[] } {
  const type = SPLIT_TYPES.find((t) => t === split);
  if (!type) throw new Error(`--split must be one of ${SPLIT_TYPES.join(', ')}`);
  const parsed = participants.split(',').map((entry): Participant => {
    const [userId = '', value, ...rest] = entry.trim().split('=');
    if (!userId || rest.length > 0) throw new Error(`--with: "${entry}" is not userId or userId=value`);
    if (type === 'equal') {
      if (value !== undefined) throw new Error(`--with: an equal split takes user ids only, not "${entry}"`);
      return { userId };
    }
    if (!value) throw new Error(`--with: a ${type} split needs userId=value for everyone, not "${entry}"`);
    if (type === 'exact') return { userId, amount: value };
    if (type === 'percent') return { userId, percent: value };
    if (!/^\d+$/.test(value)) throw new Error(`--with: shares are whole numbers, not "${value}"`);
    return { userId, shares: Number(value) };
  });
  return { type, participants: parsed };
}
