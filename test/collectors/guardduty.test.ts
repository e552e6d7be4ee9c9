import 'aws-sdk-client-mock-vitest/extend';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { guardDutyDetectorKind } from '../../lib/collectors/guardduty.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createEvent from '../fixtures/guardduty/cloudtrail-create-detector.json' with { type: 'json' };
import deleteEvent from '../fixtures/guardduty/cloudtrail-delete-detector.json' with { type: 'json' };
import detector from '../fixtures/guardduty/get-detector.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const guardduty = mockedClient(GuardDutyClient);
const ctx = mockedContext('eu-west-1', '111122223333');
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';

describe('guardDutyDetectorKind.collect', () => {
  it('reads the detector and its protection plans, named by the account', async () => {
    // Prepare
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    guardduty.on(GetDetectorCommand, { DetectorId: DETECTOR }).resolves(sdkOutput(detector));
    // Act
    const snapshot = await guardDutyDetectorKind.collect(ctx, '111122223333');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::GuardDuty::Detector', id: '111122223333', arn: `arn:aws:guardduty:eu-west-1:111122223333:detector/${DETECTOR}` });
    expect(snapshot.state).toMatchObject({ accountId: '111122223333', detectorId: DETECTOR, status: 'ENABLED', updatedAt: '2025-03-04T10:00:00.000Z' });
    expect(snapshot.state?.features).toContainEqual({ name: 'RDS_LOGIN_EVENTS', status: 'DISABLED' });
    expect(snapshot.state?.features).toContainEqual({ name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' });
  });

  it('reports no detector as a state (GuardDuty off), not as deleted or an error', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const snapshot = await guardDutyDetectorKind.collect(ctx, '111122223333');
    expect(snapshot).toMatchObject({ resource: { id: '111122223333' }, state: { detectorId: null, status: null, features: [] } });
    expect(snapshot.deleted).toBeUndefined();
    expect(guardduty).not.toHaveReceivedCommand(GetDetectorCommand);
  });

  it('follows NextToken: an empty first page does not mean no detector', async () => {
    guardduty.on(ListDetectorsCommand).resolvesOnce({ DetectorIds: [], NextToken: 'page-2' }).resolvesOnce({ DetectorIds: [DETECTOR] });
    guardduty.on(GetDetectorCommand).resolves(sdkOutput(detector));
    const snapshot = await guardDutyDetectorKind.collect(ctx, '111122223333');
    expect(snapshot.state?.detectorId).toBe(DETECTOR);
    expect(guardduty).toHaveReceivedNthCommandWith(ListDetectorsCommand, 2, { NextToken: 'page-2' });
  });

  it('reads the protection plans of an older detector from DataSources', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    guardduty.on(GetDetectorCommand).resolves(sdkOutput({
      ...detector,
      Features: undefined,
      DataSources: { S3Logs: { Status: 'ENABLED' }, MalwareProtection: { ScanEc2InstanceWithFindings: { EbsVolumes: { Status: 'DISABLED' } } } },
    }));
    const snapshot = await guardDutyDetectorKind.collect(ctx, '111122223333');
    expect(snapshot.state?.features).toEqual([{ name: 'S3_DATA_EVENTS', status: 'ENABLED' }, { name: 'EBS_MALWARE_PROTECTION', status: 'DISABLED' }]);
  });

  it('reads the same detector when a Config item names it by detector id', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    guardduty.on(GetDetectorCommand).resolves(sdkOutput(detector));
    expect((await guardDutyDetectorKind.collect(ctx, DETECTOR)).resource.id).toBe('111122223333');
  });

  it.each<[string, () => void]>([
    ['ListDetectors', () => guardduty.on(ListDetectorsCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: guardduty:ListDetectors', 403))],
    ['GetDetector', () => guardduty.on(GetDetectorCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: guardduty:GetDetector', 403))],
  ])('turns a member account denied %s into an error, never "no detector"', async (operation, deny) => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    deny();
    const snapshot = await guardDutyDetectorKind.collect(ctx, '111122223333');
    expect(snapshot.error).toMatchObject({ operation, code: 'ACCESS_DENIED', name: 'AccessDeniedException' });
    expect(snapshot.state).toBeUndefined();
  });
});

describe('guardDutyDetectorKind.enumerate', () => {
  it('yields the account once per region', async () => {
    const ids: string[] = [];
    for await (const id of guardDutyDetectorKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['111122223333']);
  });
});

describe('guardDutyDetectorKind.idsFromEvent', () => {
  it.each<[string, unknown]>([
    ['CreateDetector', createEvent],
    ['DeleteDetector (names a detector that is gone)', deleteEvent],
  ])('%s names the account', (_name, record) => {
    expect(guardDutyDetectorKind.idsFromEvent(record as CloudTrailRecord)).toEqual(['111122223333']);
  });
});
