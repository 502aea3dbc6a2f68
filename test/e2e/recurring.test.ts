/**
 * Recurring expenses over simulated months: the runtime's clock is the test's, and the
 * schedule runs when the test says. Each occurrence is made once whatever the number of runs.
 */
import { describe, expect, it } from 'vitest';
import type { EvenlyClient, Session } from '../../shared/client/evenly-client';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

let now = new Date();
const runtime = useLocalRuntime({ clock: () => now });
const SCHEDULE = 'make-recurring-expenses';

/** Moves the clock to `date` (UTC midday) and runs the schedule there. */
async function runOn(date: string): Promise<unknown> {
  now = new Date(`${date}T12:00:00.000Z`);
  return runtime().runSchedule(SCHEDULE);
}

interface Person {
  client: EvenlyClient;
  session: Session;
  id: string;
}

async function flat() {
  const [ann, ben] = await Promise.all(
    ['Ann', 'Ben'].map(async (name): Promise<Person> => {
      const { client, session } = await signUp(runtime().httpUrl, name);
      return { client, session, id: session.user.id };
    }),
  );
  if (!ann || !ben) throw new Error('no people');
  const group = await ann.client.createGroup({ name: 'Flat', currency: 'EUR' });
  await ann.client.addMember(group.id, ben.session.user.email);
  return { ann, ben, group };
}

const nextYear = new Date().getUTCFullYear() + 1;
const day = (monthDay: string) => `${nextYear}-${monthDay}`;
const rent = (ann: Person, ben: Person) => ({
  description: 'Rent',
  amount: '900.00',
  paidBy: ann.id,
  split: { type: 'equal' as const, participants: [{ userId: ann.id }, { userId: ben.id }] },
  tags: ['home'],
});

describe('recurring expenses', () => {
  it('makes exactly three monthly occurrences over three simulated months, however often the schedule runs', async () => {
    const { ann, ben, group } = await flat();
    const template = await ann.client.addRecurring(group.id, { ...rent(ann, ben), every: 'month', startsOn: day('01-31') });
    expect(template).toMatchObject({ status: 'ACTIVE', every: 'month', nextOn: day('01-31'), made: 0 });
    // Every fourth day from mid-January to the end of April, and some days twice.
    for (let t = Date.parse(`${day('01-15')}T00:00:00Z`); t <= Date.parse(`${day('04-29')}T00:00:00Z`); t += 4 * 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      await runOn(date);
      if (date.endsWith('5')) await runOn(date);
    }
    const applied = async () => (await ann.client.listExpenses(group.id)).items.filter((e) => e.status === 'COMPLETED');
    await eventually(async () => (await applied()).length === 3, 'three occurrences applied');
    const made = (await ann.client.listExpenses(group.id)).items;
    expect(made).toHaveLength(3);
    // Clamped to the end of February, back to the 31st in March.
    expect(made.map((e) => e.recurring?.on).sort()).toEqual([day('01-31'), isLeap(nextYear) ? day('02-29') : day('02-28'), day('03-31')]);
    expect(made.every((e) => e.recurring?.id === template.id && e.amount === '900.00' && e.tags[0] === 'home')).toBe(true);
    expect((await ben.client.balances(group.id)).balances.map((b) => [b.name, b.net])).toEqual([
      ['Ann', '1350.00'],
      ['Ben', '-1350.00'],
    ]);
    const [listed] = (await ben.client.listRecurring(group.id)).items;
    expect(listed).toMatchObject({ id: template.id, made: 3, nextOn: day('04-30'), status: 'ACTIVE' });
  });

  it('catches up on every date it missed in one run, and makes nothing more when run again', async () => {
    const { ann, ben, group } = await flat();
    await ann.client.addRecurring(group.id, { ...rent(ann, ben), amount: '10.00', every: 'week', startsOn: day('03-01') });
    await runOn(day('03-22'));
    await runOn(day('03-22'));
    await eventually(async () => (await ann.client.listExpenses(group.id)).items.length === 4, 'four weekly occurrences');
    const made = (await ann.client.listExpenses(group.id)).items;
    expect(made.map((e) => e.recurring?.on).sort()).toEqual([day('03-01'), day('03-08'), day('03-15'), day('03-22')]);
    await runOn(day('03-28'));
    expect((await ann.client.listExpenses(group.id)).items).toHaveLength(4);
  });

  it('ends after endsOn, and makes nothing once stopped', async () => {
    const { ann, ben, group } = await flat();
    const yearly = await ann.client.addRecurring(group.id, {
      ...rent(ann, ben),
      description: 'Insurance',
      every: 'year',
      startsOn: day('02-01'),
      endsOn: day('12-31'),
    });
    const weekly = await ben.client.addRecurring(group.id, {
      ...rent(ann, ben),
      description: 'Cleaning',
      every: 'week',
      startsOn: day('02-01'),
    });
    await runOn(day('02-01'));
    await ben.client.stopRecurring(group.id, weekly.id);
    await runOn(day('02-20'));
    await eventually(async () => (await ann.client.listExpenses(group.id)).items.length === 2, 'one of each');
    const items = (await ann.client.listRecurring(group.id)).items;
    expect(items.map((r) => [r.expense.description, r.status, r.made, r.nextOn])).toEqual([
      ['Insurance', 'ENDED', 1, null],
      ['Cleaning', 'STOPPED', 1, null],
    ]);
    // A page at a time, oldest first, as every list.
    const first = await ann.client.listRecurring(group.id, { limit: 1 });
    expect([first.items.map((r) => r.id), typeof first.nextCursor]).toEqual([[yearly.id], 'string']);
    const second = await ann.client.listRecurring(group.id, { limit: 1, cursor: first.nextCursor ?? '' });
    expect(second.items.map((r) => r.id)).toEqual([weekly.id]);
    expect(yearly.endsOn).toBe(day('12-31'));
  });

  it('answers a retried create with the same idempotency key as the first time, making one template', async () => {
    const { ann, ben, group } = await flat();
    const request = { body: { ...rent(ann, ben), every: 'month', startsOn: day('05-01') }, idempotencyKey: `rent-${group.id}` };
    const [first, again] = [
      await ann.client.raw<{ id: string }>('POST', `/groups/${group.id}/recurring`, request),
      await ann.client.raw<{ id: string }>('POST', `/groups/${group.id}/recurring`, request),
    ];
    expect([first.status, again.status, again.body.id]).toEqual([201, 201, first.body.id]);
    expect((await ann.client.listRecurring(group.id)).items.map((r) => r.id)).toEqual([first.body.id]);
  });

  it('refuses a start in the past, an end before the start and a split naming a non-member, with 400', async () => {
    const { ann, ben, group } = await flat();
    const post = (body: Record<string, unknown>) =>
      ann.client.raw<{ errors: { path: string }[] }>('POST', `/groups/${group.id}/recurring`, {
        body: { ...rent(ann, ben), every: 'month', startsOn: day('01-01'), ...body },
      });
    const answers = await Promise.all([
      post({ startsOn: '2020-01-01' }),
      post({ endsOn: '2020-01-01' }),
      post({ startsOn: day('02-30') }),
      post({ every: 'fortnight' }),
      post({ split: { type: 'equal', participants: [{ userId: ann.id }, { userId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' }] } }),
    ]);
    expect(answers.map((a) => [a.status, a.body.errors?.[0]?.path])).toEqual([
      [400, 'startsOn'],
      [400, 'endsOn'],
      [400, 'startsOn'],
      [400, 'every'],
      [400, 'split.participants.1.userId'],
    ]);
    expect((await ann.client.listRecurring(group.id)).items).toEqual([]);
  });
});

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
