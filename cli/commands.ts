/** The CLI's commands: each maps arguments onto one typed-client call. */
import { randomUUID } from 'node:crypto';
import type { EvenlyClient, ExpenseInput } from '../shared/client/evenly-client';
import { type Output, withSpinner } from './output';
import { clearSession, loadSession, saveSession } from './session';
import { watch } from './watch';

export const STRING_OPTIONS = [
  'email',
  'password',
  'name',
  'currency',
  'account',
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
] as const;

export interface CommandContext {
  readonly apiUrl: string;
  readonly client: EvenlyClient;
  readonly args: string[];
  readonly flags: Record<string, string | boolean | undefined>;
  readonly out: Output;
}

interface Command {
  readonly usage: string;
  run(context: CommandContext): Promise<void>;
}

function need(context: CommandContext, name: string): string {
  const value = context.flags[name];
  if (typeof value !== 'string' || value === '') throw new Error(`--${name} is required`);
  return value;
}

function arg(context: CommandContext, index: number, name: string): string {
  const value = context.args[index];
  if (!value) throw new Error(`<${name}> is required`);
  return value;
}

const listOptions = (c: CommandContext) => ({
  ...(typeof c.flags.limit === 'string' ? { limit: Number(c.flags.limit) } : {}),
  ...(typeof c.flags.cursor === 'string' ? { cursor: c.flags.cursor } : {}),
});

/** Commands that move money send an idempotency key, so a retried command never runs twice. */
const once = () => ({ idempotencyKey: randomUUID() });

async function maybeWait<T extends { id: string; status: string }>(
  c: CommandContext,
  accepted: T,
  get: (id: string) => Promise<T>,
): Promise<T> {
  if (!c.flags.wait) return accepted;
  return withSpinner(
    'waiting for completion…',
    c.client.waitFor(
      () => get(accepted.id),
      (t) => t.status !== 'PENDING',
      60_000,
    ),
  );
}

const moneyLine = (t: {
  id: string;
  kind?: string;
  status: string;
  amount?: string;
  total?: string;
  currency: string;
  failureReason?: string;
}) => `${t.kind ?? 'purchase'} ${t.id}: ${t.status}${t.failureReason ? ` (${t.failureReason})` : ''} ${t.amount ?? t.total} ${t.currency}`;

export const commands: Record<string, Command> = {
  register: {
    usage: 'register --email E --password P --name N',
    async run(c) {
      const session = await c.client.register({ email: need(c, 'email'), password: need(c, 'password'), name: need(c, 'name') });
      saveSession(c.apiUrl, session);
      c.out.print(session.user, (u: { email: string; id: string }) => `Registered and signed in as ${u.email} (${u.id})`);
    },
  },
  login: {
    usage: 'login --email E --password P',
    async run(c) {
      const session = await c.client.login({ email: need(c, 'email'), password: need(c, 'password') });
      saveSession(c.apiUrl, session);
      c.out.print(session.user, (u: { email: string }) => `Signed in as ${u.email}`);
    },
  },
  logout: {
    usage: 'logout',
    async run(c) {
      const stored = loadSession();
      if (stored) await c.client.logout(stored.refreshToken).catch(() => undefined);
      clearSession();
      c.out.print({ signedOut: true }, () => 'Signed out');
    },
  },
  whoami: {
    usage: 'whoami',
    async run(c) {
      c.out.print(
        await c.client.me(),
        (u: { email: string; name: string; roles: string[] }) => `${u.name} <${u.email}> [${u.roles.join(', ')}]`,
      );
    },
  },
  'accounts create': {
    usage: 'accounts create --currency EUR [--name N]',
    async run(c) {
      const account = await c.client.createAccount(
        { currency: need(c, 'currency'), ...(typeof c.flags.name === 'string' ? { name: c.flags.name } : {}) },
        once(),
      );
      c.out.print(account, (a: { id: string; currency: string }) => `Account ${a.id} (${a.currency}) created`);
    },
  },
  'accounts list': {
    usage: 'accounts list',
    async run(c) {
      const page = await c.client.listAccounts(listOptions(c));
      c.out.print(
        page,
        (p: { items: { id: string; name: string; balance: string; currency: string }[] }) =>
          p.items.map((a) => `${a.id}  ${a.balance.padStart(14)} ${a.currency}  ${a.name}`).join('\n') || 'No accounts yet.',
      );
    },
  },
  'accounts show': {
    usage: 'accounts show <accountId>',
    async run(c) {
      c.out.print(
        await c.client.getAccount(arg(c, 0, 'accountId')),
        (a: { id: string; balance: string; currency: string }) => `${a.id}: ${a.balance} ${a.currency}`,
      );
    },
  },
  deposit: {
    usage: 'deposit <accountId> <amount> [--wait]',
    async run(c) {
      const t = await c.client.deposit(arg(c, 0, 'accountId'), arg(c, 1, 'amount'), once());
      c.out.print(await maybeWait(c, t, (id) => c.client.getTransfer(id)), moneyLine);
    },
  },
  withdraw: {
    usage: 'withdraw <accountId> <amount> [--wait]',
    async run(c) {
      const t = await c.client.withdraw(arg(c, 0, 'accountId'), arg(c, 1, 'amount'), once());
      c.out.print(await maybeWait(c, t, (id) => c.client.getTransfer(id)), moneyLine);
    },
  },
  transfer: {
    usage: 'transfer <fromAccountId> <toAccountId> <amount> [--currency EUR] [--memo M] [--wait]',
    async run(c) {
      const from = await c.client.getAccount(arg(c, 0, 'fromAccountId'));
      const t = await c.client.transfer(
        {
          fromAccountId: from.id,
          toAccountId: arg(c, 1, 'toAccountId'),
          amount: arg(c, 2, 'amount'),
          currency: typeof c.flags.currency === 'string' ? c.flags.currency : from.currency,
          ...(typeof c.flags.memo === 'string' ? { memo: c.flags.memo } : {}),
        },
        once(),
      );
      c.out.print(await maybeWait(c, t, (id) => c.client.getTransfer(id)), moneyLine);
    },
  },
  'products list': {
    usage: 'products list',
    async run(c) {
      c.out.print(
        await c.client.listProducts(listOptions(c)),
        (p: { items: { sku: string; name: string; price: string; currency: string; stock: number }[] }) =>
          p.items.map((x) => `${x.sku}  ${x.price} ${x.currency}  stock ${x.stock}  ${x.name}`).join('\n') || 'No products yet.',
      );
    },
  },
  'products create': {
    usage: 'products create --sku S --name N --price 9.99 --currency EUR --stock 10 --account <merchantAccountId>',
    async run(c) {
      const product = await c.client.createProduct(
        {
          sku: need(c, 'sku'),
          name: need(c, 'name'),
          price: need(c, 'price'),
          currency: need(c, 'currency'),
          stock: Number(need(c, 'stock')),
          merchantAccountId: need(c, 'account'),
        },
        once(),
      );
      c.out.print(product, (p: { sku: string }) => `Product ${p.sku} listed`);
    },
  },
  'products show': {
    usage: 'products show <sku>',
    async run(c) {
      c.out.print(await c.client.getProduct(arg(c, 0, 'sku')));
    },
  },
  buy: {
    usage: 'buy <sku> --account <accountId> [--quantity 1] [--wait]',
    async run(c) {
      const p = await c.client.buy(
        { sku: arg(c, 0, 'sku'), accountId: need(c, 'account'), quantity: Number(c.flags.quantity ?? 1) },
        once(),
      );
      c.out.print(await maybeWait(c, p, (id) => c.client.getPurchase(id)), moneyLine);
    },
  },
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
    usage: 'groups list',
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
    usage: 'expenses add <groupId> --description D --amount 12.00 --paid-by <userId> [--split equal] --with <userId,userId,...> [--wait]',
    async run(c) {
      const groupId = arg(c, 0, 'groupId');
      const input: ExpenseInput = {
        description: need(c, 'description'),
        amount: need(c, 'amount'),
        paidBy: need(c, 'paid-by'),
        split: {
          type: (c.flags.split as ExpenseInput['split']['type']) ?? 'equal',
          participants: need(c, 'with')
            .split(',')
            .map((userId) => ({ userId })),
        },
        ...(typeof c.flags.note === 'string' ? { note: c.flags.note } : {}),
        ...(typeof c.flags.tags === 'string' ? { tags: c.flags.tags.split(',') } : {}),
      };
      const e = await c.client.addExpense(groupId, input, once());
      c.out.print(
        await maybeWait(c, e, (id) => c.client.getExpense(groupId, id)),
        (x: { id: string; status: string }) => `Expense ${x.id}: ${x.status}`,
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
  'admin redrive': {
    usage: 'admin redrive <queue>   (admins: move a queue’s dead letters back)',
    async run(c) {
      type Redriven = { queue: string; moved: number; hasMore: boolean };
      const result = await c.client.call<Redriven>('POST', `/admin/queues/${encodeURIComponent(arg(c, 0, 'queue'))}/redrive`);
      c.out.print(
        result,
        (r: Redriven) => `Moved ${r.moved} message(s) back to ${r.queue}${r.hasMore ? '; more are waiting: run it again' : ''}`,
      );
    },
  },
  watch: {
    usage: 'watch <topic...>   (account:<id>, group:<id>, user:me; Ctrl-C stops)',
    async run(c) {
      const token = c.client.token;
      if (!token) throw new Error('Sign in first (evenly login).');
      await watch(process.env.EVENLY_WS_URL ?? 'ws://127.0.0.1:3001', token, c.args, c.out);
    },
  },
};

export function usage(): string {
  return [
    'Usage: evenly <command> [options] [--json]',
    '',
    ...Object.values(commands).map((command) => `  evenly ${command.usage}`),
    '',
    'EVENLY_API_URL (default http://127.0.0.1:3000), EVENLY_WS_URL (default ws://127.0.0.1:3001),',
    'EVENLY_CONFIG_DIR (default ~/.config/evenly) hold the session.',
  ].join('\n');
}
