import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseParticipants } from '../../../cli/args';
import { EXIT, exitCodeAfterWait } from '../../../cli/exit-codes';

describe('the command line', () => {
  it('reads options and positionals', () => {
    expect(parseCommandLine(['accounts', 'list', '--limit', '5', '--json'])).toEqual({
      ok: true,
      flags: { limit: '5', json: true },
      positionals: ['accounts', 'list'],
    });
  });

  it.each([
    [['accounts', 'list', '--limt', '5'], 'unknown option --limt'],
    [['login', '--email'], '--email needs a value'],
    [['deposit', 'a', '1', '--json=yes'], '--json takes no value'],
    [['withdraw', 'a', '-5'], '-5 is negative; amounts, quantities and limits must be positive'],
    [['expenses', 'add', 'g', '--amount', '-0.50'], '-0.50 is negative; amounts, quantities and limits must be positive'],
  ])('turns %j into the message "%s"', (argv, message) => {
    expect(parseCommandLine(argv)).toMatchObject({ ok: false, message });
  });

  it('still names the command of a refused line, for the usage hint', () => {
    expect(parseCommandLine(['accounts', 'list', '--limt', '5'])).toMatchObject({ ok: false, positionals: ['accounts', 'list', '5'] });
  });

  it('leaves a negative number after -- to the API', () => {
    expect(parseCommandLine(['withdraw', 'a', '--', '-5'])).toMatchObject({ ok: true, positionals: ['withdraw', 'a', '-5'] });
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
