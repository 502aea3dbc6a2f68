/** Commands for groups and expense splitting: groups, expenses, balances and settling up. */
import type { Balances, Expense, ExpenseInput, Recurring, RecurringInput } from '../shared/client/evenly-client';
import { parseParticipants } from './args';
import { arg, type Command, type CommandContext, listOptions, need, once, report } from './command';

export const groupCommands: Record<string, Command> = {
  'groups create': {
    usage: 'groups create --name N --currency EUR',
    async run(c) {
      c.out.print(
        await c.client.createGroup({ name: need(c, 'name'), currency: need(c, 'currency') }, once()),
        (g: { id: string }) => `Group ${g.id} created`,
      );
    },
  },
  'groups list': {
    usage: 'groups list [--limit N] [--cursor C]',
    async run(c) {
      c.out.print(
        await c.client.listGroups(listOptions(c)),
        (p: { items: { id: string; name: string; currency: string }[] }) =>
          p.items.map((g) => `${g.id}  ${g.currency}  ${g.name}`).join('\n') || 'No groups yet.',
      );
    },
  },
  'groups show': {
    usage: 'groups show <groupId>',
    async run(c) {
      c.out.print(await c.client.getGroup(arg(c, 0, 'groupId')));
    },
  },
  'groups add-member': {
    usage: 'groups add-member <groupId> --email E',
    async run(c) {
      c.out.print(await c.client.addMember(arg(c, 0, 'groupId'), need(c, 'email')), (m: { name: string }) => `${m.name} added`);
    },
  },
  'expenses add': {
    usage:
      'expenses add <groupId> --description D --amount 12.00 --paid-by <userId[=amount],...> --with <userId,...> [--split equal|exact|percent|shares] [--currency USD] [--rate 0.92] [--note N] [--tags a,b] [--wait]',
    note: 'exact, percent and shares splits give each participant a value: --with <userId>=4.00,<userId>=8.00 (amount, percent or shares); several payers: --paid-by <userId>=6.00,<userId>=6.00',
    async run(c) {
      const groupId = arg(c, 0, 'groupId');
      const e = await c.client.addExpense(groupId, expenseInput(c), once());
      return report(
        c,
        e,
        (id) => c.client.getExpense(groupId, id),
        (x) => `Expense ${x.id}: ${x.status}${x.failureReason ? ` (${x.failureReason})` : ''}`,
      );
    },
  },
  balances: {
    usage: 'balances <groupId>',
    async run(c) {
      c.out.print(await c.client.balances(arg(c, 0, 'groupId')), (b: Balances) =>
        [
          ...b.balances.map((x) => `${x.name} (${x.userId})  ${x.net}`),
          '',
          ...b.settlements.map(
            (s) => `${s.fromName} pays ${s.toName} (${s.to}) ${s.amount}${s.payeeCanReceive ? '' : '  (no receiving account yet)'}`,
          ),
        ].join('\n'),
      );
    },
  },
  settle: {
    usage: 'settle <groupId> <toUserId> <amount> --account <yourAccountId> [--to-account <theirAccountId>] [--wait]',
    note: "pays a group debt (see balances) by a wallet transfer into the payee's receiving account; the balances change once it completes",
    async run(c) {
      const groupId = arg(c, 0, 'groupId');
      const s = await c.client.settle(
        groupId,
        {
          toUserId: arg(c, 1, 'toUserId'),
          amount: arg(c, 2, 'amount'),
          fromAccountId: need(c, 'account'),
          ...(typeof c.flags['to-account'] === 'string' ? { toAccountId: c.flags['to-account'] } : {}),
        },
        once(),
      );
      return report(
        c,
        s,
        (id) => c.client.getSettlement(groupId, id),
        (x) => `settlement ${x.id}: ${x.status} ${x.amount} ${x.currency} to ${x.toUserId} (transfer ${x.transferId})`,
      );
    },
  },
  'groups receive-into': {
    usage: 'groups receive-into <groupId> <yourAccountId>',
    note: 'names your account in the group currency that settlements to you are paid into',
    async run(c) {
      c.out.print(
        await c.client.setReceivingAccount(arg(c, 0, 'groupId'), arg(c, 1, 'accountId')),
        (m: { receivingAccountId: string | null }) => `Settlements to you are paid into ${m.receivingAccountId}`,
      );
    },
  },
  'groups leave': {
    usage: 'groups leave <groupId> [--member <userId>]',
    note: 'leaves the group (or removes --member); only at a net of zero',
    async run(c) {
      const groupId = arg(c, 0, 'groupId');
      const userId = typeof c.flags.member === 'string' ? c.flags.member : (await c.client.me()).id;
      await c.client.removeMember(groupId, userId);
      c.out.print({ groupId, userId, left: true }, () => `${userId} is no longer in ${groupId}`);
    },
  },
  'expenses list': {
    usage:
      'expenses list <groupId> [--tag T] [--payer <userId>] [--participant <userId>] [--from DATE] [--to DATE] [--limit N] [--cursor C]',
    async run(c) {
      const filter = optional(c, ['tag', 'payer', 'participant', 'from', 'to']);
      c.out.print(
        await c.client.listExpenses(arg(c, 0, 'groupId'), { ...listOptions(c), ...filter }),
        (p: { items: Expense[] }) => p.items.map(expenseLine).join('\n') || 'No expenses.',
      );
    },
  },
  'expenses edit': {
    usage: 'expenses edit <groupId> <expenseId> --version N [--description D] [--amount A] [--paid-by ...] [--with ... --split S] [--wait]',
    note: '--version is the version you saw (expenses list): a stale one is refused (412)',
    async run(c) {
      const [groupId, expenseId] = [arg(c, 0, 'groupId'), arg(c, 1, 'expenseId')];
      const input: Partial<ExpenseInput> = {
        ...optional(c, ['description', 'amount', 'note', 'currency', 'rate']),
        ...(typeof c.flags['paid-by'] === 'string' ? { paidBy: parsePaidBy(c.flags['paid-by']) } : {}),
        ...(typeof c.flags.with === 'string'
          ? { split: parseParticipants(typeof c.flags.split === 'string' ? c.flags.split : 'equal', c.flags.with) }
          : {}),
        ...(typeof c.flags.tags === 'string' ? { tags: c.flags.tags.split(',') } : {}),
      };
      const e = await c.client.editExpense(groupId, expenseId, Number(need(c, 'version')), input);
      return report(c, e, (id) => c.client.getExpense(groupId, id), expenseLine);
    },
  },
  'expenses delete': {
    usage: 'expenses delete <groupId> <expenseId>',
    note: 'reverses its effect on the balances (expenses restore re-applies it)',
    async run(c) {
      c.out.print(await c.client.deleteExpense(arg(c, 0, 'groupId'), arg(c, 1, 'expenseId')), (e: Expense) => `Deleting ${e.id}`);
    },
  },
  'expenses restore': {
    usage: 'expenses restore <groupId> <expenseId>',
    async run(c) {
      c.out.print(await c.client.restoreExpense(arg(c, 0, 'groupId'), arg(c, 1, 'expenseId')), (e: Expense) => `Restoring ${e.id}`);
    },
  },
  'expenses export': {
    usage: 'expenses export <groupId>',
    note: 'prints every expense as CSV (RFC 4180), a row per expense and share',
    async run(c) {
      process.stdout.write(await c.client.exportExpenses(arg(c, 0, 'groupId')));
    },
  },
  activity: {
    usage: 'activity <groupId> [--limit N] [--cursor C]',
    async run(c) {
      c.out.print(
        await c.client.activity(arg(c, 0, 'groupId'), listOptions(c)),
        (p: { items: { seq: number; occurredAt: string; text: string }[] }) =>
          p.items.map((a) => `#${a.seq}  ${a.occurredAt}  ${a.text}`).join('\n') || 'Nothing yet.',
      );
    },
  },
  'recurring add': {
    usage:
      'recurring add <groupId> --every week|month|year --starts YYYY-MM-DD [--ends YYYY-MM-DD] --description D --amount 12.00 --paid-by <userId[=amount],...> --with <userId,...> [--split equal|exact|percent|shares] [--currency USD] [--rate 0.92] [--note N] [--tags a,b]',
    note: 'the expense is made again on each date from --starts (today or later) to --ends, within the hour after midnight UTC',
    async run(c) {
      const every = need(c, 'every');
      if (every !== 'week' && every !== 'month' && every !== 'year') throw new Error('--every: week, month or year');
      const input: RecurringInput = {
        ...expenseInput(c),
        every,
        startsOn: need(c, 'starts'),
        ...(typeof c.flags.ends === 'string' ? { endsOn: c.flags.ends } : {}),
      };
      c.out.print(await c.client.addRecurring(arg(c, 0, 'groupId'), input, once()), recurringLine);
    },
  },
  'recurring list': {
    usage: 'recurring list <groupId> [--limit N] [--cursor C]',
    async run(c) {
      c.out.print(
        await c.client.listRecurring(arg(c, 0, 'groupId'), listOptions(c)),
        (p: { items: Recurring[] }) => p.items.map(recurringLine).join('\n') || 'No recurring expenses.',
      );
    },
  },
  'recurring stop': {
    usage: 'recurring stop <groupId> <recurringId>',
    async run(c) {
      await c.client.stopRecurring(arg(c, 0, 'groupId'), arg(c, 1, 'recurringId'));
      c.out.print({ stopped: arg(c, 1, 'recurringId') }, () => 'Stopped: no occurrence after this one.');
    },
  },
  'admin rate': {
    usage: 'admin rate <base> <quote> <rate> --date YYYY-MM-DD',
    note: 'admins: one <base> is worth <rate> <quote> on that date (expenses in <base> without --rate take it)',
    async run(c) {
      c.out.print(
        await c.client.putRate(arg(c, 0, 'base'), arg(c, 1, 'quote'), { rate: arg(c, 2, 'rate'), date: need(c, 'date') }),
        (r: { base: string; quote: string; rate: string; date: string }) => `1 ${r.base} = ${r.rate} ${r.quote} on ${r.date}`,
      );
    },
  },
};

/** The expense of `expenses add` and `recurring add`, from their shared flags. */
function expenseInput(c: CommandContext): ExpenseInput {
  return {
    description: need(c, 'description'),
    amount: need(c, 'amount'),
    paidBy: parsePaidBy(need(c, 'paid-by')),
    split: parseParticipants(typeof c.flags.split === 'string' ? c.flags.split : 'equal', need(c, 'with')),
    ...optional(c, ['note', 'currency', 'rate']),
    ...(typeof c.flags.tags === 'string' ? { tags: c.flags.tags.split(',') } : {}),
  };
}

const recurringLine = (r: Recurring) =>
  `${r.id}  ${r.status}  every ${r.every} from ${r.startsOn}${r.endsOn ? ` to ${r.endsOn}` : ''}  next ${r.nextOn ?? '-'}  made ${r.made}  ${r.expense.amount}  ${r.expense.description}${r.lastFailure ? `  (last refused ${r.lastFailure.on}: ${r.lastFailure.reason})` : ''}`;

/** `<userId>` or `<userId>=6.00,<userId>=4.00` (several payers). */
function parsePaidBy(value: string): ExpenseInput['paidBy'] {
  if (!value.includes('=')) return value;
  return value.split(',').map((entry) => {
    const [userId = '', amount = ''] = entry.trim().split('=');
    if (!userId || !amount) throw new Error(`--paid-by: "${entry}" is not userId=amount`);
    return { userId, amount };
  });
}

/** The string flags among `names` that were given, by name. */
function optional(c: CommandContext, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (typeof c.flags[n] === 'string' ? [[n, c.flags[n] as string]] : [])));
}

const expenseLine = (e: Expense) =>
  `${e.id}  v${e.version}  ${e.status}  ${e.amount} ${e.currency}${e.original ? ` (${e.original.amount} ${e.original.currency} at ${e.original.rate})` : ''}  ${e.description}${e.failureReason ? ` (${e.failureReason})` : ''}`;
