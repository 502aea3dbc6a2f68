/**
 * Fault injection for integration tests that run against DynamoDB Local, through the SDK's
 * own extension point: a middleware on the shared client's stack, where a production
 * client would carry it, rather than a replaced `send`.
 */
import { documentClient } from '../../shared/dynamo/client';

/**
 * What the interceptor sees of a call: the SDK's command name (`TransactWriteItemsCommand`,
 * `BatchWriteItemCommand`: the client command the document client sends) and the document
 * client's input, before it is marshalled.
 */
export interface InterceptedCommand {
  readonly name: string;
  readonly input: unknown;
}
/**
 * Sends the intercepted call on (given it, or nothing), or another document-client command
 * (`new UpdateCommand(…)`) past the interceptor; resolves with the answer's output.
 */
type Send = (command?: InterceptedCommand | { readonly input: object }) => Promise<unknown>;
/** An initialize-step middleware, typed as far as this module uses it. */
type Handler = (args: { input: object }) => Promise<{ output: unknown; response: unknown }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

let installed = 0;

/**
 * Puts `intercept` in front of every call of the shared document client (DynamoDB Local never
 * throttles or conflicts, so tests inject those answers here). What it resolves with is the
 * call's answer; `send()` sends the call on. Returns the function that takes it away.
 */
export function interceptSend(intercept: (command: InterceptedCommand, send: Send) => Promise<unknown>): () => void {
  const name = `test-intercept-${++installed}`;
  /** Inputs sent by the interceptor itself, which pass untouched. */
  const own = new WeakSet<object>();
  const middleware: Middleware = (next, context) => async (args) => {
    if (own.has(args.input)) return next(args);
    const intercepted: InterceptedCommand = { name: context.commandName ?? '', input: args.input };
    const send: Send = async (command) => {
      if (!command || command === intercepted) return (await next(args)).output;
      own.add(command.input as object);
      return documentClient.send(command as Parameters<typeof documentClient.send>[0]);
    };
    const output = await intercept(intercepted, send);
    return { output, response: {} };
  };
  // Initialize, first: before the document client marshals the input and after it unmarshals the output.
  documentClient.middlewareStack.add(middleware as never, { step: 'initialize', priority: 'high', name });
  return () => {
    documentClient.middlewareStack.remove(name);
  };
}
