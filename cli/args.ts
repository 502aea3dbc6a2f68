/**
 * The command line, parsed strictly by commander: each command takes the arguments and
 * options its usage line names, and a mistake (an unknown option, a missing value or
 * argument, one argument too many, a negative number) becomes a one-line message.
 *
 * A command's usage line is its declaration (see README.md): words name the command,
 * `<x>` is a required argument, `[x]` an optional one, `<x...>` takes the rest;
 * `--opt VALUE` is an option with a value, `--flag` a switch; brackets make either optional.
 */
import { type CommanderError, Command as Program } from 'commander';
import { SPLIT_TYPES, type SplitType } from '../shared/domain/splits';
import type { Command } from './command';

export type Flags = Record<string, string | boolean | undefined>;

export type CommandLine =
  | { readonly kind: 'run'; readonly command: Command; readonly args: string[]; readonly flags: Flags }
  /** `--help` (exit 0), or a bare group such as `evenly accounts` (exit 1). */
  | { readonly kind: 'help'; readonly text: string; readonly exitCode: 0 | 1; readonly message?: string }
  /** `usage` is the refused command's, for the hint, when the line got that far. */
  | { readonly kind: 'refused'; readonly message: string; readonly usage?: string };

export interface Declaration {
  readonly words: string[];
  readonly args: { readonly name: string; readonly isRequired: boolean; readonly isVariadic: boolean }[];
  readonly options: { readonly name: string; readonly valueName?: string }[];
}

/** What a usage line declares; a line it cannot read is a programmer error. */
export function declarationOf(usage: string): Declaration {
  const tokens = usage.split(/\s+/).filter(Boolean);
  const declaration: { words: string[]; args: Declaration['args'][number][]; options: Declaration['options'][number][] } = {
    words: [],
    args: [],
    options: [],
  };
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const opened = /^\[*/.exec(token)?.[0].length ?? 0;
    const closed = /\]*$/.exec(token)?.[0].length ?? 0;
    const core = token.slice(opened, token.length - closed);
    depth += opened;
    if (core.startsWith('--')) {
      const next = tokens[i + 1];
      const takesValue = closed === 0 && next !== undefined && !next.startsWith('[') && !next.startsWith('-');
      if (takesValue) {
        i += 1;
        depth -= /\]*$/.exec(next)?.[0].length ?? 0;
        const raw = next.replace(/^</, '').replace(/>?\]*$/, '');
        declaration.options.push({ name: core.slice(2), valueName: /^[\w.-]+$/.test(raw) ? raw : 'value' });
      } else {
        declaration.options.push({ name: core.slice(2) });
      }
    } else if (depth === 0 && declaration.args.length === 0 && declaration.options.length === 0 && /^[a-z][\w-]*$/.test(core)) {
      declaration.words.push(core);
    } else if (/^<?[\w-]+(\.\.\.)?>?$/.test(core)) {
      declaration.args.push({ name: core.replace(/[<>.]/g, ''), isRequired: depth === 0, isVariadic: core.includes('...') });
    } else {
      throw new Error(`usage "${usage}": cannot read "${token}"`);
    }
    depth -= closed;
  }
  if (depth !== 0) throw new Error(`usage "${usage}": unbalanced brackets`);
  return declaration;
}

/**
 * `-5` or `-0.50`. commander would take it for an option; no amount, quantity or limit may
 * be negative, so it is refused here, in words that say why.
 */
const NEGATIVE_NUMBER = /^-\d/;

/** Thrown from commander's exit hook, so the refusal knows which command it was parsing. */
class Refusal extends Error {
  constructor(
    readonly error: CommanderError,
    readonly usage: string | undefined,
  ) {
    super(error.message);
  }
}

/** commander's message, in the CLI's words: `unknown option --limt`, `<amount> is required`. */
function describe(error: CommanderError, known: ReadonlySet<string>): string {
  const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n');
  const quoted = /'([^' ]*)/.exec(first)?.[1] ?? '';
  const hint = rest.join(' ').replace(/^\((.*)\)$/, '$1');
  switch (error.code) {
    case 'commander.unknownOption': {
      const name = quoted.split('=')[0] ?? quoted;
      if (quoted.includes('=') && known.has(name)) return `${name} takes no value`;
      return `unknown option ${quoted}${hint ? ` (${hint.charAt(0).toLowerCase()}${hint.slice(1)})` : ''}`;
    }
    case 'commander.optionMissingArgument':
      return `${quoted} needs a value`;
    case 'commander.missingArgument':
      return `<${quoted}> is required`;
    case 'commander.excessArguments':
      return first.replace(/ for '[^']*'/, '').replace(/\.$/, '');
    default:
      return [first, hint].filter(Boolean).join(' ');
  }
}

/** The command the first words name, for the usage hint of a line refused before parsing. */
function commandNamed(commands: Readonly<Record<string, Command>>, argv: readonly string[]): Command | undefined {
  const [first = '', second = ''] = argv;
  return commands[`${first} ${second}`] ?? commands[first];
}

function program(commands: Readonly<Record<string, Command>>, rootHelp: string, chosen: (line: CommandLine) => void): Program {
  const root = new Program('evenly');
  const refuse = (usage: string | undefined) => (error: CommanderError) => {
    throw new Refusal(error, usage);
  };
  root
    .helpCommand(false)
    .exitOverride(refuse(undefined))
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  const groups = new Map<string, Program>();
  for (const [key, command] of Object.entries(commands)) {
    const { words, args, options } = declarationOf(command.usage);
    if (words.join(' ') !== key) throw new Error(`usage "${command.usage}" does not start with its command "${key}"`);
    const [group, leafName] = words.length === 2 ? words : [undefined, words[0]];
    let parent = root;
    if (group) {
      parent = groups.get(group) ?? root.command(group).helpCommand(false).exitOverride(refuse(undefined));
      groups.set(group, parent);
    }
    const leaf = parent.command(leafName as string).exitOverride(refuse(command.usage));
    leaf.usage(command.usage.slice(key.length).trim() || '[--json]').description(command.note ?? '');
    for (const a of args)
      leaf.argument(a.isRequired ? `<${a.name}${a.isVariadic ? '...' : ''}>` : `[${a.name}${a.isVariadic ? '...' : ''}]`);
    for (const o of options) leaf.option(o.valueName ? `--${o.name} <${o.valueName}>` : `--${o.name}`);
    if (!options.some((o) => o.name === 'json')) leaf.option('--json', 'print JSON instead of text');
    leaf.action(() => {
      const values = leaf.opts();
      const flags: Flags = Object.fromEntries(
        leaf.options.map((o) => [o.long?.slice(2) ?? o.name(), values[o.attributeName()] as string | boolean | undefined]),
      );
      chosen({ kind: 'run', command, args: [...leaf.args], flags });
    });
  }
  // Set last: commander copies help settings into the commands made after it.
  root.configureHelp({ formatHelp: () => rootHelp });
  return root;
}

/** Helpful text commander would print, captured so main decides where it goes. */
function helpText(command: Program | undefined, fallback: string): string {
  return (command?.helpInformation() ?? fallback).trimEnd();
}

export function parseCommandLine(commands: Readonly<Record<string, Command>>, argv: readonly string[], rootHelp: string): CommandLine {
  const end = argv.indexOf('--');
  const negative = (end === -1 ? argv : argv.slice(0, end)).find((token) => NEGATIVE_NUMBER.test(token));
  if (negative !== undefined) {
    const usage = commandNamed(commands, argv)?.usage;
    return {
      kind: 'refused',
      message: `${negative} is negative; amounts, quantities and limits must be positive`,
      ...(usage ? { usage } : {}),
    };
  }
  let line: CommandLine | undefined;
  let reached: Program | undefined;
  const root = program(commands, rootHelp, (chosen) => {
    line = chosen;
  });
  root.hook('preSubcommand', (_parent, sub) => {
    reached = sub;
  });
  for (const group of root.commands) {
    group.hook('preSubcommand', (_parent, sub) => {
      reached = sub;
    });
  }
  try {
    root.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const code = error.error.code;
    if (code === 'commander.helpDisplayed') return { kind: 'help', text: helpText(reached, rootHelp), exitCode: 0 };
    if (code === 'commander.help') return { kind: 'help', text: helpText(reached, rootHelp), exitCode: 1 };
    if (code === 'commander.unknownCommand') {
      return { kind: 'help', text: helpText(reached, rootHelp), exitCode: 1, message: describe(error.error, new Set()) };
    }
    const known = new Set((reached?.options ?? []).map((o) => o.long ?? ''));
    return { kind: 'refused', message: describe(error.error, known), ...(error.usage ? { usage: error.usage } : {}) };
  }
  if (!line) throw new Error('commander parsed the line without choosing a command');
  return line;
}

export type Participant = { userId: string; amount?: string; percent?: string; shares?: number };

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
