/**
 * Module resolution hooks for `npm run dev` (registered by reload.ts; plain JavaScript because
 * they run on Node's hooks thread, before anything is compiled). lambda.ts imports a handler
 * as `…?generation=n` after the n-th change; every module that one imports from the reloaded
 * folders inherits the same query, so the handler and its code there are evaluated afresh,
 * while node_modules and the runtime's own modules keep their one copy.
 */
let roots = [];

export function initialize(data) {
  roots = data.roots;
}

const GENERATION = /[?&]generation=(\d+)/;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const generation = context.parentURL ? GENERATION.exec(context.parentURL)?.[1] : undefined;
  if (generation === undefined || !resolved.url.startsWith('file:') || GENERATION.test(resolved.url)) return resolved;
  if (!roots.some((root) => resolved.url.startsWith(root))) return resolved;
  const separator = resolved.url.includes('?') ? '&' : '?';
  return { ...resolved, url: `${resolved.url}${separator}generation=${generation}` };
}
