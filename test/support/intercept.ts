/** Fault injection for integration tests that run against DynamoDB Local. */
import { documentClient } from '../../shared/dynamo/client';

type Command = { constructor: { name: string }; input: unknown };
type Send = (command: Command) => Promise<unknown>;
type RawSend = (command: Command, ...rest: unknown[]) => Promise<unknown>;

/**
 * Puts `intercept` in front of the shared document client (DynamoDB Local never throttles
 * or conflicts, so tests inject those answers here); `intercept` gets the real send to
 * call through. Returns the function that restores the client.
 */
export function interceptSend(intercept: (command: Command, send: Send) => Promise<unknown>): () => void {
  const original = documentClient.send.bind(documentClient);
  documentClient.send = ((command: Command, ...rest: unknown[]) =>
    intercept(command, (next) => (original as RawSend)(next, ...rest))) as typeof documentClient.send;
  return () => {
    documentClient.send = original;
  };
}
