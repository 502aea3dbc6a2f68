/** Expected outcomes are values, not exceptions. */
export type Result<T, R extends string = string> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: R };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const fail = <R extends string>(reason: R): { readonly ok: false; readonly reason: R } => ({ ok: false, reason });
