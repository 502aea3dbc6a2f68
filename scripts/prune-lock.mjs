#!/usr/bin/env node
// Drops optionalDependencies edges in package-lock.json that point at packages the lock
// does not contain. The registry this project installs from does not serve every
// platform build of some packages (rollup, biome), so `npm install` leaves those edges
// dangling and `npm ci` then refuses the lock. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let removed = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  const deps = entry.optionalDependencies;
  if (!deps) continue;
  const nested = path ? `${path}/node_modules/` : 'node_modules/';
  for (const name of Object.keys(deps)) {
    if (!lock.packages[`node_modules/${name}`] && !lock.packages[`${nested}${name}`]) {
      delete deps[name];
      removed += 1;
    }
  }
  if (Object.keys(deps).length === 0) delete entry.optionalDependencies;
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`pruned ${removed} dangling optional dependencies`);
