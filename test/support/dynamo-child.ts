/** Starts DynamoDB Local, prints its Java pid and waits: the process a test kills without warning. */
import { startDynamoDbLocal } from '../../infra/local/dynamodb';

const dynamo = await startDynamoDbLocal();
console.log(`java ${dynamo.pid}`);
setInterval(() => {}, 60_000);
