/** The grant probe under another handler path, so the manifest can give it other grants. */
export { handler } from './grant-probe';
