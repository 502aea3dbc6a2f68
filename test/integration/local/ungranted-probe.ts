/** The grant probe under a third handler path, for a manifest entry with no grants. */
export { handler } from './grant-probe';
