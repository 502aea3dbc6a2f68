/**
 * PUT /groups/{id}/members/me { receivingAccountId } → 200: names the caller's own account
 * in the group currency as the one settlements to them are paid into, so a payer needs
 * no account id of theirs.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { getGroupForChange, getMember, toMemberView } from '../../shared/groups/groups';
import { setReceivingAccount as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound, validationError } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { getOwnAccount } from '../../shared/ledger/accounts';

export const handler = httpHandler(contract, async ({ body, caller, params }) => {
  const group = await getGroupForChange(caller, params.id);
  const account = await getOwnAccount(caller, body.receivingAccountId);
  if (account.currency !== group.currency) {
    throw validationError(`The receiving account must hold the group currency ${group.currency}.`, [
      { path: 'receivingAccountId', message: `holds ${account.currency}` },
    ]);
  }
  await documentClient
    .send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.groupMember(group.id, caller.userId),
        UpdateExpression: 'SET receivingAccountId = :a',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':a': account.id },
      }),
    )
    .catch((error: unknown) => {
      // The caller left the group meanwhile.
      if (error instanceof ConditionalCheckFailedException) throw notFound('group');
      throw error;
    });
  const member = await getMember(group.id, caller.userId);
  if (!member) throw notFound('group');
  return json(200, toMemberView(member));
});
