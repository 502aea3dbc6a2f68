/** One structured logger per container (Powertools): JSON lines with the request id. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'evenly' });
