/**
 * Sending email. On AWS through SES (API v2), from the identity the stack names
 * (`MAIL_FROM`, from the `evenly:mailFrom` context). Under the local runtime
 * (`LOCAL_MAILBOX=true`) nothing leaves the machine: each message is stored in the main
 * table, where `GET /_local/mailbox` (a route only the local runtime serves) reads it.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { optionalEnv, requireEnv } from '../config/env';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface StoredMail extends MailMessage {
  readonly sentAt: string;
}

/** Local messages are kept a day: a mailbox for trying things, not an archive. */
const LOCAL_MAIL_TTL_SECONDS = 24 * 60 * 60;
export const MAX_MAILBOX_ITEMS = 50;

const ses = new SESv2Client({ maxAttempts: 3 });

export const isLocalMailbox = (): boolean => optionalEnv('LOCAL_MAILBOX') === 'true';

export async function sendMail(message: MailMessage, now: Date = new Date()): Promise<void> {
  if (isLocalMailbox()) {
    const sentAt = now.toISOString();
    await documentClient.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          ...keys.mailboxMessage(message.to, sentAt, ulid()),
          type: 'mail',
          ...message,
          sentAt,
          expiresAtEpochSeconds: Math.floor(now.getTime() / 1000) + LOCAL_MAIL_TTL_SECONDS,
        },
      }),
    );
    return;
  }
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: requireEnv('MAIL_FROM'),
      Destination: { ToAddresses: [message.to] },
      Content: { Simple: { Subject: { Data: message.subject }, Body: { Text: { Data: message.text } } } },
    }),
  );
}

/** The local mailbox of an address, newest first. */
export async function readMailbox(to: string): Promise<StoredMail[]> {
  const { pk } = keys.mailboxMessage(to, '', '');
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.mailboxPrefix },
      ScanIndexForward: false,
      Limit: MAX_MAILBOX_ITEMS,
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => ({
    to: String(item.to),
    subject: String(item.subject),
    text: String(item.text),
    sentAt: String(item.sentAt),
  }));
}
