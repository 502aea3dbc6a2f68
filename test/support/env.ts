/** Credentials and region for SDK clients pointed at local engines: the ones the local runtime uses. */
import { LOCAL_CLIENT_CONFIG } from '../../infra/local/dynamodb';

export function useLocalAwsEnv(): void {
  process.env.AWS_REGION ??= LOCAL_CLIENT_CONFIG.region;
  process.env.AWS_ACCESS_KEY_ID ??= LOCAL_CLIENT_CONFIG.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CLIENT_CONFIG.credentials.secretAccessKey;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
