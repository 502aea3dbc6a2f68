/** A route for a test's own manifest (a probe or fixture handler), with the contract every route has. */
import { PLATFORM_CONCERN, type RouteInput, type RouteSpec, routeSpec } from '../../manifest/manifest';
import { defineRoute, type HttpMethod } from '../../shared/http/contract';

export interface TestRoute extends Omit<RouteInput, 'contract'> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: boolean;
  readonly concern?: string;
}

export function testRoute({ method, path, auth, concern = PLATFORM_CONCERN, ...rest }: TestRoute): RouteSpec {
  return routeSpec(concern, {
    contract: defineRoute({ method, path, auth, summary: `Test route ${path}`, tag: 'Test', status: 200 }),
    ...rest,
  });
}
