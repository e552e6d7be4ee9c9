import 'aws-sdk-client-mock-vitest/extend';
import { BatchGetAccountStatusCommand, Inspector2Client, ListCoverageCommand } from '@aws-sdk/client-inspector2';
import { describe, expect, it } from 'vitest';
import { inspectorAccountKind } from '../../lib/collectors/inspector2.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import status from '../fixtures/inspector2/batch-get-account-status.json' with { type: 'json' };
import disableEvent from '../fixtures/inspector2/cloudtrail-disable.json' with { type: 'json' };
import page1 from '../fixtures/inspector2/list-coverage-page1.json' with { type: 'json' };
import page2 from '../fixtures/inspector2/list-coverage-page2.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const inspector = mockedClient(Inspector2Client);
const ctx = mockedContext('us-east-1', '111122223333');
const DISABLED = { accounts: [{ accountId: '111122223333', state: { status: 'DISABLED' }, resourceState: { ec2: { status: 'DISABLED' }, ecr: { status: 'DISABLED' }, lambda: { status: 'DISABLED' } } }], failedAccounts: [] };

describe('inspectorAccountKind.collect', () => {
  it('reads the status of each scan type and every covered resource of this account, across pages', async () => {
    // Prepare
    inspector.on(BatchGetAccountStatusCommand).resolves(sdkOutput(status));
    inspector.on(ListCoverageCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    // Act
    const snapshot = await inspectorAccountKind.collect(ctx, '111122223333');
    // Assess
    expect(inspector).toHaveReceivedCommandWith(BatchGetAccountStatusCommand, { accountIds: ['111122223333'] });
    expect(inspector).toHaveReceivedNthCommandWith(ListCoverageCommand, 1, {
      filterCriteria: {
        accountId: [{ comparison: 'EQUALS', value: '111122223333' }],
        resourceType: [
          { comparison: 'EQUALS', value: 'AWS_EC2_INSTANCE' },
          { comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' },
          { comparison: 'EQUALS', value: 'AWS_LAMBDA_FUNCTION' },
        ],
      },
    });
    expect(inspector).toHaveReceivedNthCommandWith(ListCoverageCommand, 2, { nextToken: 'page-2' });
    expect(snapshot.resource).toEqual({ type: 'AWS::::Account', id: '111122223333' });
    expect(snapshot.state).toEqual({
      accountId: '111122223333',
      status: 'ENABLED',
      scanTypes: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'DISABLED', codeRepository: 'DISABLED' },
      coverage: [
        { resourceType: 'AWS_EC2_INSTANCE', resourceId: 'i-0a1b2c3d4e5f60718', scanStatus: 'ACTIVE', scanStatusReason: 'SUCCESSFUL', lastScannedAt: '2026-05-30T04:12:00.000Z' },
        { resourceType: 'AWS_EC2_INSTANCE', resourceId: 'i-0nossmagent0000001', scanStatus: 'INACTIVE', scanStatusReason: 'UNMANAGED_EC2_INSTANCE', lastScannedAt: null },
        { resourceType: 'AWS_LAMBDA_FUNCTION', resourceId: 'arn:aws:lambda:us-east-1:111122223333:function:hl7-ingest', scanStatus: 'ACTIVE', scanStatusReason: 'SUCCESSFUL', lastScannedAt: '2026-04-01T08:30:00.000Z' },
      ],
    });
  });

  it('reports DISABLED as a state without asking for coverage', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(sdkOutput(DISABLED));
    const snapshot = await inspectorAccountKind.collect(ctx, '111122223333');
    expect(snapshot.state).toMatchObject({ status: 'DISABLED', coverage: null });
    expect(inspector).not.toHaveReceivedCommand(ListCoverageCommand);
  });

  it('turns an account Inspector could not read (failedAccounts ACCESS_DENIED) into an error', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(sdkOutput({
      accounts: [],
      failedAccounts: [{ accountId: '111122223333', errorCode: 'ACCESS_DENIED', errorMessage: 'Account 111122223333 cannot read the status of the delegated administrator' }],
    }));
    const snapshot = await inspectorAccountKind.collect(ctx, '111122223333');
    expect(snapshot.error).toMatchObject({ operation: 'BatchGetAccountStatus', code: 'ACCESS_DENIED', name: 'ACCESS_DENIED' });
  });

  it.each<[string, () => void]>([
    ['BatchGetAccountStatus', () => inspector.on(BatchGetAccountStatusCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized', 403))],
    ['ListCoverage', () => inspector.on(ListCoverageCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized', 403))],
  ])('turns a denied %s into an error', async (operation, deny) => {
    inspector.on(BatchGetAccountStatusCommand).resolves(sdkOutput(status));
    deny();
    expect((await inspectorAccountKind.collect(ctx, '111122223333')).error).toMatchObject({ operation, code: 'ACCESS_DENIED' });
  });

  it('calls an answer without this account malformed, not "disabled"', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves({ accounts: [], failedAccounts: [] });
    expect((await inspectorAccountKind.collect(ctx, '111122223333')).error).toMatchObject({ code: 'MALFORMED_RESPONSE' });
  });
});

describe('inspectorAccountKind.enumerate and idsFromEvent', () => {
  it('yields the account', async () => {
    const ids: string[] = [];
    for await (const id of inspectorAccountKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['111122223333']);
  });

  it('names the account of Disable', () => {
    expect(inspectorAccountKind.idsFromEvent(disableEvent as CloudTrailRecord)).toEqual(['111122223333']);
  });
});
