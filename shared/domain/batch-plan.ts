/**
 * Packing a batch's writes into as few TransactWriteItems as DynamoDB allows, pure.
 * Each unit is one aggregate's work (its item updates, entries and command transitions): it
 * must commit whole, so it never spans two transactions. A transaction holds at most 100
 * actions and never two on one item (DynamoDB refuses both:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 * Shared items that only take unconditioned additions (the world account's shards) are
 * merged: one action per shard per transaction, carrying the sum of the units' deltas.
 */

/** TransactWriteItems: at most 100 actions. */
export const MAX_TRANSACTION_ACTIONS = 100;

export interface PlanUnit {
  readonly id: string;
  /** Keys of the items this unit writes or checks, one action each. */
  readonly items: readonly string[];
  /** Additions to shared items, by item key. */
  readonly shared: ReadonlyMap<string, bigint>;
}

export interface PlannedTransaction<U extends PlanUnit> {
  readonly units: readonly U[];
  /** The merged additions: one action per key. */
  readonly shared: ReadonlyMap<string, bigint>;
}

const actionsOf = (units: readonly PlanUnit[], shared: ReadonlyMap<string, bigint>) =>
  units.reduce((n, u) => n + u.items.length, 0) + shared.size;

function fits<U extends PlanUnit>(tx: PlannedTransaction<U>, unit: U, maxActions: number): boolean {
  const taken = new Set([...tx.units.flatMap((u) => u.items), ...tx.shared.keys()]);
  if (unit.items.some((key) => taken.has(key))) return false;
  const newShared = [...unit.shared.keys()].filter((key) => !tx.shared.has(key)).length;
  return actionsOf(tx.units, tx.shared) + unit.items.length + newShared <= maxActions;
}

function withUnit<U extends PlanUnit>(tx: PlannedTransaction<U>, unit: U): PlannedTransaction<U> {
  const shared = new Map(tx.shared);
  for (const [key, delta] of unit.shared) shared.set(key, (shared.get(key) ?? 0n) + delta);
  return { units: [...tx.units, unit], shared };
}

/** First fit, in the units' order. A unit that alone exceeds the limit is a bug (batches are bounded). */
export function planTransactions<U extends PlanUnit>(units: readonly U[], maxActions = MAX_TRANSACTION_ACTIONS): PlannedTransaction<U>[] {
  const plan: PlannedTransaction<U>[] = [];
  for (const unit of units) {
    if (new Set(unit.items).size !== unit.items.length) throw new Error(`Invariant: unit ${unit.id} acts twice on one item`);
    if (unit.items.some((key) => unit.shared.has(key))) throw new Error(`Invariant: unit ${unit.id} writes a shared item as its own`);
    if (unit.items.length + unit.shared.size > maxActions)
      throw new Error(`Invariant: unit ${unit.id} needs more than ${maxActions} actions`);
    if (unit.items.length + unit.shared.size === 0) continue;
    const index = plan.findIndex((tx) => fits(tx, unit, maxActions));
    if (index >= 0) plan[index] = withUnit(plan[index] as PlannedTransaction<U>, unit);
    else plan.push(withUnit({ units: [], shared: new Map() }, unit));
  }
  return plan;
}

/** The unit that owns each action of a transaction, in the order the actions are laid out: the units' items, then the shared ones. */
export function actionOwners<U extends PlanUnit>(tx: PlannedTransaction<U>): (string | undefined)[] {
  return [...tx.units.flatMap((u) => u.items.map(() => u.id)), ...[...tx.shared.keys()].map(() => undefined)];
}

/**
 * What a cancelled transaction's reasons say: the units whose conditions failed are read and
 * folded again; the others wrote nothing and go again as they are. A reason that names no unit
 * (a shared item) cannot be narrowed down, and sends every unit back to be read again.
 */
export function splitCancelled<U extends PlanUnit>(
  tx: PlannedTransaction<U>,
  cancelled: readonly { readonly index: number; readonly code: string }[],
): { readonly refused: readonly U[]; readonly rest: readonly U[] } {
  const owners = actionOwners(tx);
  const named = new Set(cancelled.filter((c) => c.code === 'ConditionalCheckFailed').map((c) => owners[c.index]));
  if (named.size === 0 || named.has(undefined)) return { refused: tx.units, rest: [] };
  return { refused: tx.units.filter((u) => named.has(u.id)), rest: tx.units.filter((u) => !named.has(u.id)) };
}
