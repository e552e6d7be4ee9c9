import 'aws-sdk-client-mock-vitest/extend';
import { CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand, NoSuchDistribution } from '@aws-sdk/client-cloudfront';
import { describe, expect, it } from 'vitest';
import metadata from '../../lib/checks/cloudfront-viewer-https/metadata.json' with { type: 'json' };
import { cloudFrontDistributionKind } from '../../lib/collectors/cloudfront.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { matchesCloudTrail } from '../../lib/events/route.ts';
import type { CloudTrailTrigger } from '../../lib/model/check.ts';
import configItemFixture from '../fixtures/cloudfront/config-item-distribution.json' with { type: 'json' };
import createEvent from '../fixtures/cloudfront/cloudtrail-create-distribution-with-tags.json' with { type: 'json' };
import deleteEvent from '../fixtures/cloudfront/cloudtrail-delete-distribution.json' with { type: 'json' };
import updateEvent from '../fixtures/cloudfront/cloudtrail-update-distribution.json' with { type: 'json' };
import getConfig from '../fixtures/cloudfront/get-distribution-config.json' with { type: 'json' };
import page1 from '../fixtures/cloudfront/list-distributions-page1.json' with { type: 'json' };
import page2 from '../fixtures/cloudfront/list-distributions-page2.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const cloudfront = mockedClient(CloudFrontClient);
const ctx = mockedContext('us-east-1', '111122223333');

describe('cloudFrontDistributionKind.collect', () => {
  it('reads behaviors, certificate and origins from GetDistributionConfig', async () => {
    // Prepare
    cloudfront.on(GetDistributionConfigCommand, { Id: 'E2QWRUHAPOMQZL' }).resolves(sdkOutput(getConfig));
    // Act
    const snapshot = await cloudFrontDistributionKind.collect(ctx, 'E2QWRUHAPOMQZL');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::CloudFront::Distribution', id: 'E2QWRUHAPOMQZL', arn: 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL' });
    expect(snapshot.state).toEqual({
      id: 'E2QWRUHAPOMQZL',
      domainName: null,
      enabled: true,
      behaviors: [
        { pathPattern: '*', viewerProtocolPolicy: 'redirect-to-https', targetOriginId: 'portal-alb' },
        { pathPattern: '/static/*', viewerProtocolPolicy: 'allow-all', targetOriginId: 'static-assets' },
      ],
      viewerCertificate: { cloudFrontDefaultCertificate: false, minimumProtocolVersion: 'TLSv1.2_2021', certificateSource: 'acm' },
      origins: [
        { id: 'portal-alb', domainName: 'portal-alb-1234567890.us-east-1.elb.amazonaws.com', type: 'custom', originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        { id: 'static-assets', domainName: 'clinic-static.s3.us-east-1.amazonaws.com', type: 's3', originProtocolPolicy: null, originSslProtocols: [] },
      ],
    });
  });

  it('accepts the distribution ARN as an id', async () => {
    cloudfront.on(GetDistributionConfigCommand, { Id: 'E2QWRUHAPOMQZL' }).resolves(sdkOutput(getConfig));
    expect((await cloudFrontDistributionKind.collect(ctx, 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL')).resource.id).toBe('E2QWRUHAPOMQZL');
  });

  it('reports NoSuchDistribution as deleted', async () => {
    cloudfront.on(GetDistributionConfigCommand).rejects(new NoSuchDistribution({ message: 'The specified distribution does not exist.', $metadata: {} }));
    const snapshot = await cloudFrontDistributionKind.collect(ctx, 'EDFDVBD6EXAMPLE');
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'EDFDVBD6EXAMPLE' } });
  });

  it('turns AccessDenied into snapshot.error', async () => {
    cloudfront.on(GetDistributionConfigCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: cloudfront:GetDistributionConfig', 403));
    expect((await cloudFrontDistributionKind.collect(ctx, 'EDFDVBD6EXAMPLE')).error).toMatchObject({ operation: 'GetDistributionConfig', code: 'ACCESS_DENIED' });
  });

  it('calls a configuration without a viewer certificate malformed instead of guessing', async () => {
    const partial: Record<string, unknown> = { ...getConfig.DistributionConfig };
    delete partial.ViewerCertificate;
    cloudfront.on(GetDistributionConfigCommand).resolves(sdkOutput({ DistributionConfig: partial }));
    expect((await cloudFrontDistributionKind.collect(ctx, 'EDFDVBD6EXAMPLE')).error).toMatchObject({ code: 'MALFORMED_RESPONSE' });
  });
});

describe('cloudFrontDistributionKind listing', () => {
  it('enumerates ids across NextMarker pages', async () => {
    cloudfront.on(ListDistributionsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const ids: string[] = [];
    for await (const id of cloudFrontDistributionKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['EDFDVBD6EXAMPLE', 'E2QWRUHAPOMQZL']);
    expect(cloudfront).toHaveReceivedNthCommandWith(ListDistributionsCommand, 2, { Marker: 'EDFDVBD6EXAMPLE' });
  });

  it('builds snapshots straight from the summaries, without a read per distribution', async () => {
    cloudfront.on(ListDistributionsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const snapshots = [];
    for await (const snapshot of cloudFrontDistributionKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    expect(snapshots.map((s) => [s.resource.id, s.state?.viewerCertificate.cloudFrontDefaultCertificate, s.state?.domainName])).toEqual([
      ['EDFDVBD6EXAMPLE', true, 'd111111abcdef8.cloudfront.net'],
      ['E2QWRUHAPOMQZL', false, 'd222222abcdef8.cloudfront.net'],
    ]);
    expect(cloudfront).not.toHaveReceivedCommand(GetDistributionConfigCommand);
  });
});

describe('cloudFrontDistributionKind.fromConfigItem', () => {
  it('reads the camelCase distributionConfig of a Config item', () => {
    const snapshot = cloudFrontDistributionKind.fromConfigItem!(configItem(configItemFixture));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { type: 'AWS::CloudFront::Distribution', id: 'EDFDVBD6EXAMPLE' },
      state: {
        domainName: 'd111111abcdef8.cloudfront.net',
        behaviors: [{ pathPattern: '*', viewerProtocolPolicy: 'allow-all' }],
        viewerCertificate: { cloudFrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1' },
        origins: [{ id: 'portal-alb', type: 'custom', originProtocolPolicy: 'http-only', originSslProtocols: ['TLSv1.2'] }],
      },
    });
  });

  it('marks a deleted distribution deleted', () => {
    const gone = { ...configItemFixture, configurationItemStatus: 'ResourceDeleted', configuration: null };
    expect(cloudFrontDistributionKind.fromConfigItem!(configItem(gone))).toMatchObject({ deleted: true, resource: { id: 'EDFDVBD6EXAMPLE' } });
  });

  it('returns undefined when the item lacks the viewer certificate, so the distribution is read live', () => {
    const partial: Record<string, unknown> = { ...configItemFixture.configuration.distributionConfig };
    delete partial.viewerCertificate;
    const item = { ...configItemFixture, configuration: { distributionConfig: partial } };
    expect(cloudFrontDistributionKind.fromConfigItem!(configItem(item))).toBeUndefined();
  });
});

describe('cloudFrontDistributionKind.idsFromEvent', () => {
  it.each<[string, unknown]>([
    ['UpdateDistribution2020_05_31 (requestParameters.id)', updateEvent],
    ['CreateDistributionWithTags2020_05_31 (responseElements.distribution.id)', createEvent],
    ['DeleteDistribution2020_05_31 (the distribution is gone)', deleteEvent],
  ])('%s', (_name, record) => {
    // Act
    const ids = cloudFrontDistributionKind.idsFromEvent(record as CloudTrailRecord);
    // Assess: the versioned name routes to the check and names the distribution
    expect(ids).toEqual(['EDFDVBD6EXAMPLE']);
    expect(matchesCloudTrail(metadata.triggers.cloudtrail as CloudTrailTrigger[], record as CloudTrailRecord)).toBe(true);
  });
});
