/**
 * A handler that reports what it could see and do: the main table's variable, and the outcome
 * of reading and writing the table and publishing to the bus named in its event.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { eventBridge } from '../../../shared/bus/publisher';
import { documentClient } from '../../../shared/dynamo/client';

export interface ProbeEvent {
  readonly table: string;
  readonly bus: string;
}

export interface ProbeResult {
  readonly tableVariable: string | undefined;
  readonly listsTableVariable: boolean;
  readonly read: string;
  readonly write: string;
  readonly publish: string;
}

const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  );

export async function handler(event: ProbeEvent): Promise<ProbeResult> {
  const key = { pk: 'PROBE', sk: 'PROBE' };
  return {
    tableVariable: process.env.TABLE_MAIN,
    listsTableVariable: Object.keys(process.env).includes('TABLE_MAIN'),
    read: await outcome(documentClient.send(new GetCommand({ TableName: event.table, Key: key }))),
    write: await outcome(documentClient.send(new PutCommand({ TableName: event.table, Item: key }))),
    publish: await outcome(
      eventBridge.send(
        new PutEventsCommand({ Entries: [{ EventBusName: event.bus, Source: 'evenly', DetailType: 'Probe', Detail: '{}' }] }),
      ),
    ),
  };
}
