/** Commands for groups and expense splitting: groups, expenses, balances and settling up. */
import type { ExpenseInput } from '../shared/client/evenly-client';
import { parseParticipants } from './args';
import { arg, type Command, listOptions, need, once, report } from './command';

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
      'expenses add <groupId> --description D --amount 12.00 --paid-by <userId> --with <userId,...> [--split equal|exact|percent|shares] [--note N] [--tags a,b] [--wait]',
    note: 'exact, percent and shares splits give each participant a value: --with <userId>=4.00,<userId>=8.00 (amount, percent or shares)',
    async run(c) {
      const groupId = arg(c, 0, 'groupId');
      const input: ExpenseInput = {
        description: need(c, 'description'),
        amount: need(c, 'amount'),
        paidBy: need(c, 'paid-by'),
        split: parseParticipants(typeof c.flags.split === 'string' ? c.flags.split : 'equal', need(c, 'with')),
        ...(typeof c.flags.note === 'string' ? { note: c.flags.note } : {}),
        ...(typeof c.flags.tags === 'string' ? { tags: c.flags.tags.split(',') } : {}),
      };
      const e = await c.client.addExpense(groupId, input, once());
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
      c.out.print(
        await c.client.balances(arg(c, 0, 'groupId')),
        (b: { balances: { userId: string; net: string }[]; settlements: { from: string; to: string; amount: string }[] }) =>
          [...b.balances.map((x) => `${x.userId}  ${x.net}`), '', ...b.settlements.map((s) => `${s.from} pays ${s.to} ${s.amount}`)].join(
            '\n',
          ),
      );
    },
  },
  settle: {
    usage: 'settle <groupId> <toUserId> <amount> --account <yourAccountId> --to-account <theirAccountId> [--wait]',
    note: 'pays a group debt (see balances) by a wallet transfer; the group balances change once it completes',
    async run(c) {
      const groupId = arg(c, 0, 'groupId');
      const s = await c.client.settle(
        groupId,
        {
          toUserId: arg(c, 1, 'toUserId'),
          amount: arg(c, 2, 'amount'),
          fromAccountId: need(c, 'account'),
          toAccountId: need(c, 'to-account'),
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
};
