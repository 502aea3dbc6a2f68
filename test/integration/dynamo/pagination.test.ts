/**
 * List cursors against DynamoDB Local: a cursor is opaque to clients, so one that was
 * forged, truncated or taken from another list must be a 400, never a query DynamoDB
 * refuses (which would surface as a 500).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain/errors';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { encodeCursor, queryListPage, queryPrefixPage } from '../../../shared/dynamo/pagination';
import { problemOfDomainError } from '../../../shared/http/problem';
import { useTables } from '../../support/tables';

beforeAll(async () => {
  await useTables();
});

const pk = `TEST#${ulid()}`;
const list = `TESTLIST#${ulid()}`;
const identity = (item: Record<string, unknown>) => item;

beforeAll(async () => {
  const items = Array.from({ length: 3 }, (_, i) => ({
    pk,
    sk: `ITEM#${i}`,
    gsi1pk: list,
    gsi1sk: `2026-01-0${i + 1}#${i}`,
  }));
  await documentClient.send(
    new BatchWriteCommand({ RequestItems: { [mainTableName()]: items.map((Item) => ({ PutRequest: { Item } })) } }),
  );
});

const prefixPage = (cursor: string) => queryPrefixPage(pk, 'ITEM#', { limit: 1, cursor }, { newestFirst: true }, identity);
const listPage = (cursor: string) => queryListPage(list, { limit: 1, cursor }, identity);

async function refusal(page: Promise<unknown>): Promise<number | string> {
  try {
    await page;
    return 'accepted';
  } catch (error) {
    // The status the HTTP edge answers for it, through its one mapping of domain errors.
    return error instanceof DomainError ? problemOfDomainError(error).status : String(error);
  }
}

describe('list cursors', () => {
  it('follow a prefix list and a GSI list page by page', async () => {
    const first = await prefixPage(encodeCursor({ pk, sk: 'ITEM#2' }) as string);
    expect(first.items.map((item) => item.sk)).toEqual(['ITEM#1']);
    const start = await queryListPage(list, { limit: 2 }, identity);
    const next = await listPage(start.nextCursor as string);
    expect(next.items.map((item) => item.sk)).toEqual(['ITEM#0']);
  });

  it.each([
    ['no sort key', { pk }],
    ['a sort key outside the listed prefix', { pk, sk: 'ZZZ' }],
    ['a number where the sort key is a string', { pk, sk: 7 }],
    ['an attribute the key does not have', { pk, sk: 'ITEM#1', extra: 'x' }],
    ['a sort key longer than DynamoDB allows', { pk, sk: `ITEM#${'x'.repeat(1100)}` }],
  ])('refuse a prefix-list cursor with %s as 400', async (_name, key) => {
    expect(await refusal(prefixPage(encodeCursor(key) as string))).toBe(400);
  });

  it.each([
    ['only the index partition', { gsi1pk: list }],
    ['no table key', { gsi1pk: list, gsi1sk: '2026-01-02#1' }],
    ['a number where the index sort key is a string', { gsi1pk: list, gsi1sk: 5, pk, sk: 'ITEM#1' }],
  ])('refuse a GSI-list cursor with %s as 400', async (_name, key) => {
    expect(await refusal(listPage(encodeCursor(key) as string))).toBe(400);
  });

  it('refuses a cursor taken from another list of the same partition', async () => {
    const events = encodeCursor({ pk, sk: 'EVENT#0001' }) as string;
    expect(await refusal(prefixPage(events))).toBe(400);
  });
});
