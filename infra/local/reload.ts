/**
 * `npm run dev`: handlers reload when a file under functions/, shared/ or events/ changes,
 * without restarting DynamoDB Local or losing its data. ESM has no module cache to drop, so
 * each change starts a new generation: the loaded handlers are forgotten and the next
 * invocation imports its handler under a new URL (reload-hooks.mjs carries it to everything
 * the handler imports from those folders), as a new Lambda container would. Older generations stay in memory until the
 * process ends, which a development session can afford.
 *
 * Changes to the manifest (routes, queues, rules, tables) need a restart: the runtime is
 * built from it once.
 */
import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { register } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { forgetHandlers, REPO_ROOT } from './lambda';

export const RELOADED_FOLDERS = ['functions', 'shared', 'events'] as const;
/** Editors write a file in several steps; one reload per burst. */
const SETTLE_MS = 100;

export interface HandlerReload {
  /** Resolves with the generation once the next burst of changes has been taken in (tests wait on it). */
  next(): Promise<number>;
  stop(): void;
}

let isRegistered = false;

/** `folder` and every directory below it (a folder added later is watched after a restart). */
function directoriesUnder(folder: string): string[] {
  const below = readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
  return [folder, ...below];
}

/** `folders` are absolute; by default the repository's RELOADED_FOLDERS. */
export function reloadHandlersOnChange(
  onReload: (changed: string, generation: number) => void = () => undefined,
  folders: readonly string[] = RELOADED_FOLDERS.map((folder) => join(REPO_ROOT, folder)),
): HandlerReload {
  if (isRegistered) throw new Error('handler reload is already on: the hooks take their folders once');
  isRegistered = true;
  const roots = folders.map((folder) => `${pathToFileURL(folder).href}/`);
  register('./reload-hooks.mjs', { parentURL: import.meta.url, data: { roots } });
  let timer: NodeJS.Timeout | undefined;
  let waiting: ((generation: number) => void)[] = [];
  const changed = (path: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const generation = forgetHandlers();
      onReload(path, generation);
      for (const resolve of waiting) resolve(generation);
      waiting = [];
    }, SETTLE_MS);
  };
  // One watcher per directory, not per file: editors that save by renaming a new file into
  // place would leave a file watcher on the old one (and recursive fs.watch does so on Linux).
  const watchers: FSWatcher[] = folders
    .flatMap((folder) => directoriesUnder(folder))
    .map((directory) => watch(directory, (_event, file) => changed(relative(REPO_ROOT, join(directory, String(file ?? ''))))));
  return {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    stop: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
