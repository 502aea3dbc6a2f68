import { describe, expect, it } from 'vitest';
import { declarationOf, parseCommandLine, parseParticipants } from '../../../cli/args';
import type { Command } from '../../../cli/command';
import { commands } from '../../../cli/commands';
import { EXIT, exitCodeAfterWait } from '../../../cli/exit-codes';

const parse = (argv: string[]) => parseCommandLine(commands, argv, 'ROOT HELP');

describe('the command line', () => {
  it('reads the arguments and options a command declares', () => {
    expect(parse(['accounts', 'list', '--limit', '5', '--json'])).toEqual({
      kind: 'run',
      command: commands['accounts list'],
      args: [],
      flags: { limit: '5', cursor: undefined, json: true },
    });
    expect(parse(['deposit', 'a1', '2.00', '--wait'])).toMatchObject({ kind: 'run', args: ['a1', '2.00'], flags: { wait: true } });
    expect(parse(['watch', 'user:me', 'account:a1'])).toMatchObject({ kind: 'run', args: ['user:me', 'account:a1'] });
  });

  it('keeps option names as the usage spells them', () => {
    const line = parse(['settle', 'g', 'u', '1.00', '--account', 'a', '--to-account', 'b']);
    expect(line).toMatchObject({ kind: 'run', flags: { account: 'a', 'to-account': 'b' } });
  });

  it.each([
    [['accounts', 'list', '--limt', '5'], 'unknown option --limt (did you mean --limit?)', 'accounts list [--limit N] [--cursor C]'],
    [['login', '--email'], '--email needs a value', 'login --email E --password P'],
    [['deposit', 'a', '1', '--json=yes'], '--json takes no value', 'deposit <accountId> <amount> [--wait]'],
    [['deposit', 'a'], '<amount> is required', 'deposit <accountId> <amount> [--wait]'],
    [['deposit', 'a', '1', '2'], 'too many arguments. Expected 2 arguments but got 3', 'deposit <accountId> <amount> [--wait]'],
    [['whoami', '--wait'], 'unknown option --wait', 'whoami'],
    [['watch'], '<topic> is required', 'watch <topic...>'],
    [['withdraw', 'a', '-5'], '-5 is negative; amounts, quantities and limits must be positive', 'withdraw <accountId> <amount> [--wait]'],
    [['expenses', 'add', 'g', '--amount', '-0.50'], '-0.50 is negative; amounts, quantities and limits must be positive', undefined],
  ])('turns %j into the message "%s" and the usage of its command', (argv, message, usage) => {
    const line = parse(argv);
    expect(line).toMatchObject({ kind: 'refused', message });
    if (usage) expect(line).toMatchObject({ usage });
  });

  it('leaves a negative number after -- to the API', () => {
    expect(parse(['withdraw', 'a', '--', '-5'])).toMatchObject({ kind: 'run', args: ['a', '-5'] });
  });

  it('answers --help for the whole CLI with the root help and for one command with its options', () => {
    expect(parse(['--help'])).toEqual({ kind: 'help', text: 'ROOT HELP', exitCode: 0 });
    const deposit = parse(['deposit', '--help']);
    expect(deposit).toMatchObject({ kind: 'help', exitCode: 0 });
    expect(deposit.kind === 'help' && deposit.text).toMatch(
      /^Usage: evenly deposit <accountId> <amount> \[--wait\][\s\S]*--wait[\s\S]*--json/,
    );
  });

  it('shows the help and exits 1 for no command, an unknown one or a bare group', () => {
    expect(parse([])).toEqual({ kind: 'help', text: 'ROOT HELP', exitCode: 1 });
    expect(parse(['fly'])).toEqual({ kind: 'help', text: 'ROOT HELP', exitCode: 1, message: "unknown command 'fly'" });
    const group = parse(['accounts']);
    expect(group).toMatchObject({ kind: 'help', exitCode: 1 });
    expect(group.kind === 'help' && group.text).toMatch(/Usage: evenly accounts[\s\S]*create[\s\S]*list[\s\S]*show/);
  });

  it('reads every command of the CLI from its usage line', () => {
    for (const [name, command] of Object.entries(commands)) {
      expect(declarationOf(command.usage).words.join(' '), command.usage).toBe(name);
    }
  });

  it('reads a usage line as words, arguments and options, brackets making them optional', () => {
    expect(declarationOf('admin reconcile <name> [extra] [--table NAME [--endpoint URL]] --with <userId,...> [--wait]')).toEqual({
      words: ['admin', 'reconcile'],
      args: [
        { name: 'name', isRequired: true, isVariadic: false },
        { name: 'extra', isRequired: false, isVariadic: false },
      ],
      options: [
        { name: 'table', valueName: 'NAME' },
        { name: 'endpoint', valueName: 'URL' },
        { name: 'with', valueName: 'value' },
        { name: 'wait' },
      ],
    });
  });

  it('refuses, as a programmer error, a command whose usage does not start with its name', () => {
    const wrong: Record<string, Command> = { deposit: { usage: 'withdraw <accountId>', run: async () => undefined } };
    expect(() => parseCommandLine(wrong, ['deposit'], '')).toThrow(/does not start with its command/);
  });
});

describe('expense participants', () => {
  it('takes user ids for an equal split', () => {
    expect(parseParticipants('equal', 'u1,u2')).toEqual({ type: 'equal', participants: [{ userId: 'u1' }, { userId: 'u2' }] });
  });

  it.each([
    [
      'exact',
      'u1=4.00,u2=8.00',
      [
        { userId: 'u1', amount: '4.00' },
        { userId: 'u2', amount: '8.00' },
      ],
    ],
    [
      'percent',
      'u1=33.33,u2=66.67',
      [
        { userId: 'u1', percent: '33.33' },
        { userId: 'u2', percent: '66.67' },
      ],
    ],
    [
      'shares',
      'u1=1,u2=2',
      [
        { userId: 'u1', shares: 1 },
        { userId: 'u2', shares: 2 },
      ],
    ],
  ])('maps a %s split to the API field', (type, value, participants) => {
    expect(parseParticipants(type, value)).toEqual({ type, participants });
  });

  it.each([
    ['thirds', 'u1', /--split must be one of/],
    ['exact', 'u1=4.00,u2', /needs userId=value for everyone/],
    ['equal', 'u1=4.00', /takes user ids only/],
    ['shares', 'u1=1.5', /whole numbers/],
    ['exact', 'u1=1=2', /not userId or userId=value/],
  ])('refuses a %s split given %s', (type, value, message) => {
    expect(() => parseParticipants(type, value)).toThrow(message);
  });
});

describe('the exit code after --wait', () => {
  it.each([
    ['COMPLETED', EXIT.ok],
    ['FAILED', EXIT.failed],
    ['PENDING', EXIT.stillPending],
  ])('is distinct for %s', (status, code) => {
    expect(exitCodeAfterWait(status)).toBe(code);
  });
});
