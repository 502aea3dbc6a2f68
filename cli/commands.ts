/** The CLI's commands: each maps arguments onto one typed-client call (group commands in group-commands.ts). */
import { adminCommands } from './admin-commands';
import { arg, type Command, listOptions, moneyLine, need, once, report } from './command';
import { EXIT_CODES_HELP } from './exit-codes';
import { groupCommands } from './group-commands';
import { clearSession, loadSession, saveSession } from './session';
import { trustCommands } from './trust-commands';
import { watch } from './watch';

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
    usage: 'accounts list [--limit N] [--cursor C]',
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
      return report(c, t, (id) => c.client.getTransfer(id), moneyLine);
    },
  },
  withdraw: {
    usage: 'withdraw <accountId> <amount> [--wait]',
    async run(c) {
      const t = await c.client.withdraw(arg(c, 0, 'accountId'), arg(c, 1, 'amount'), once());
      return report(c, t, (id) => c.client.getTransfer(id), moneyLine);
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
      return report(c, t, (id) => c.client.getTransfer(id), moneyLine);
    },
  },
  'transfers show': {
    usage: 'transfers show <transferId>',
    async run(c) {
      c.out.print(await c.client.getTransfer(arg(c, 0, 'transferId')), moneyLine);
    },
  },
  'products list': {
    usage: 'products list [--limit N] [--cursor C]',
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
      return report(c, p, (id) => c.client.getPurchase(id), moneyLine);
    },
  },
  ...groupCommands,
  ...adminCommands,
  ...trustCommands,
  watch: {
    usage: 'watch <topic...>',
    note: 'account:<id>, group:<id>, user:me; Ctrl-C stops; a lost connection is re-opened',
    async run(c) {
      await watch(process.env.EVENLY_WS_URL ?? 'ws://127.0.0.1:3001', c.args, c.out, c.client);
    },
  },
};

export function usage(): string {
  return [
    'Usage: evenly <command> [options] [--json]',
    '',
    ...Object.values(commands).flatMap((command) => [`  evenly ${command.usage}`, ...(command.note ? [`      ${command.note}`] : [])]),
    '',
    ...EXIT_CODES_HELP,
    '',
    'EVENLY_API_URL (default http://127.0.0.1:3000), EVENLY_WS_URL (default ws://127.0.0.1:3001),',
    'EVENLY_CONFIG_DIR (default ~/.config/evenly) hold the session.',
  ].join('\n');
}
