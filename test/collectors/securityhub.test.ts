import 'aws-sdk-client-mock-vitest/extend';
import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { securityHubKind } from '../../lib/collectors/securityhub.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import disableEvent from '../fixtures/securityhub/cloudtrail-disable-security-hub.json' with { type: 'json' };
import standards from '../fixtures/securityhub/get-enabled-standards.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const securityhub = mockedClient(SecurityHubClient);
const ctx = mockedContext('us-east-1', '111122223333');
const HUB = { HubArn: 'arn:aws:securityhub:us-east-1:111122223333:hub/default', SubscribedAt: '2024-11-02T09:15:00.000Z', AutoEnableControls: true };

describe('securityHubKind.collect', () => {
  it('reads the hub and its standards', async () => {
    // Prepare
    securityhub.on(DescribeHubCommand).resolves(HUB);
    securityhub.on(GetEnabledStandardsCommand).resolves(sdkOutput(standards));
    // Act
    const snapshot = await securityHubKind.collect(ctx, '111122223333');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::SecurityHub::Hub', id: '111122223333', arn: HUB.HubArn });
    expect(snapshot.state).toEqual({
      accountId: '111122223333',
      enabled: true,
      hubArn: HUB.HubArn,
      subscribedAt: HUB.SubscribedAt,
      notEnabledMessage: null,
      standards: [
        { standardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', status: 'READY', statusReason: null },
        { standardsArn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0', status: 'INCOMPLETE', statusReason: 'NO_AVAILABLE_CONFIGURATION_RECORDER' },
      ],
    });
  });

  it('follows NextToken across pages of standards', async () => {
    securityhub.on(DescribeHubCommand).resolves(HUB);
    const [first, second] = standards.StandardsSubscriptions;
    securityhub.on(GetEnabledStandardsCommand).resolvesOnce(sdkOutput({ StandardsSubscriptions: [first], NextToken: 'page-2' })).resolvesOnce(sdkOutput({ StandardsSubscriptions: [second] }));
    const snapshot = await securityHubKind.collect(ctx, '111122223333');
    expect(snapshot.state?.standards.map((s) => s.status)).toEqual(['READY', 'INCOMPLETE']);
    expect(securityhub).toHaveReceivedNthCommandWith(GetEnabledStandardsCommand, 2, { NextToken: 'page-2' });
  });

  it('reads "not subscribed" (InvalidAccessException) as Security Hub off, without reading standards', async () => {
    securityhub.on(DescribeHubCommand).rejects(sdkError('InvalidAccessException', 'Account 111122223333 is not subscribed to AWS Security Hub', 401));
    const snapshot = await securityHubKind.collect(ctx, '111122223333');
    expect(snapshot.state).toMatchObject({ enabled: false, notEnabledMessage: 'Account 111122223333 is not subscribed to AWS Security Hub', standards: [] });
    expect(snapshot.error).toBeUndefined();
    expect(securityhub).not.toHaveReceivedCommand(GetEnabledStandardsCommand);
  });

  it('turns a denied DescribeHub (AccessDeniedException) into an error, never "not subscribed"', async () => {
    securityhub.on(DescribeHubCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: securityhub:DescribeHub', 403));
    const snapshot = await securityHubKind.collect(ctx, '111122223333');
    expect(snapshot.error).toMatchObject({ operation: 'DescribeHub', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('turns a denied GetEnabledStandards into an error', async () => {
    securityhub.on(DescribeHubCommand).resolves(HUB);
    securityhub.on(GetEnabledStandardsCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    expect((await securityHubKind.collect(ctx, '111122223333')).error).toMatchObject({ operation: 'GetEnabledStandards', code: 'ACCESS_DENIED' });
  });
});

describe('securityHubKind.enumerate and idsFromEvent', () => {
  it('yields the account', async () => {
    const ids: string[] = [];
    for await (const id of securityHubKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['111122223333']);
  });

  it('names the account of DisableSecurityHub', () => {
    expect(securityHubKind.idsFromEvent(disableEvent as CloudTrailRecord)).toEqual(['111122223333']);
  });
});
