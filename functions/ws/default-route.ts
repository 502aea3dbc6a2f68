/** WebSocket $default: messages with an unknown action. */
import type { APIGatewayProxyResult } from 'aws-lambda';

export const handler = async (): Promise<APIGatewayProxyResult> => ({ statusCode: 200, body: JSON.stringify({ type: 'error', status: 400, detail: 'Unknown action.' }) });
