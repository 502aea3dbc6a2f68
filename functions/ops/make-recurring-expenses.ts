/**
 * Scheduled: makes every recurring expense due by the event's date (UTC), each occurrence
 * once (shared/groups/recurring.ts). The event's `time` is "now": EventBridge sets it to the
 * scheduled time, and the local runtime to its clock, which tests drive.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { makeDueOccurrences, type OccurrenceRun } from '../../shared/groups/recurring';
import { lambdaEntry } from '../../shared/observability/entry';

export const handler = lambdaEntry(
  async (event: ScheduledEvent): Promise<OccurrenceRun> => makeDueOccurrences(event.time ? new Date(event.time) : new Date()),
);
