/**
 * The wrapper of every Lambda entry that is not an HTTP route (queues, WebSocket routes,
 * schedules, the authorizer): middy with Powertools' Lambda context on the logger, so each
 * line names its function, request id and cold start. HTTP routes get the same from httpHandler.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';

export function lambdaEntry<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  const withContext = middy<E, R>(handler).use(injectLambdaContext(logger, { resetKeys: true }));
  // Lambda and the local runtime always pass a context; a test calling a handler directly may not.
  return (event, context) => (context ? withContext(event, context) : handler(event, context as unknown as Context));
}
