/**
 * One structured logger per container (Powertools): JSON lines with the Lambda context, and
 * the correlation id of the command in hand on every line (correlation.ts).
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { resources } from '../../manifest/resources';
import { correlationId } from './correlation';

/** Powertools' own line, plus `correlation_id`; its formatter is not exported, so the few keys are spelt here. */
class CorrelatedFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const id = correlationId();
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        ...(id ? { correlation_id: id } : {}),
      },
    }).addAttributes(additional);
  }
}

export const logger = new Logger({ serviceName: resources.serviceName, logFormatter: new CorrelatedFormatter() });
