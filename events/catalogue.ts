/** Every contract, for the generated catalogue (docs/events.md) and the tests that keep it true. */
import type { Contract } from './contract';
import * as expenses from './expenses';
import * as purchases from './purchases';
import * as steps from './steps';
import * as transfers from './transfers';
import * as users from './users';

/** By name: a module namespace's key order is not the same under every loader. */
export const contracts: readonly Contract<Record<string, unknown>>[] = (
  [
    ...Object.values(transfers),
    ...Object.values(purchases),
    ...Object.values(expenses),
    ...Object.values(steps),
    ...Object.values(users),
  ] as Contract<Record<string, unknown>>[]
).sort((a, b) => a.type.localeCompare(b.type));
