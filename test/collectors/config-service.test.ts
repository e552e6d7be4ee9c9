import 'aws-sdk-client-mock-vitest/extend';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import recorderEnabled from '../../lib/checks/config-recorder-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { configRecorderKind } from '../../lib/collectors/config-service.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import stopEvent from '../fixtures/config-service/cloudtrail-stop-configuration-recorder.json' with { type: 'json' };
import statuses from '../fixtures/config-service/describe-configuration-recorder-status.json' with { type: 'json' };
import recorders from '../fixtures/config-service/describe-configuration-recorders.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { mockedClient, mockedContext, sdkOutput } from '../fixtures/collectors/ctx.ts';

const config = mockedClient(ConfigServiceClient);
const ctx = mockedContext('us-west-2', '644160558196');
const ID = '644160558196:us-west-2';

describe('configRecorderKind.collect', () => {
  it('joins each recorder with its status', async () => {
    // Prepare
    config.on(DescribeConfigurationRecordersCommand).resolves(sdkOutput(recorders));
    config.on(DescribeConfigurationRecorderStatusCommand).resolves(sdkOutput(statuses));
    // Act
    const snapshot = await configRecorderKind.collect(ctx, ID);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Config::ConfigurationRecorder', id: ID });
    expect(snapshot.state).toEqual({
      recorders: [{
        name: 'default', allSupported: true, includeGlobalResourceTypes: false, recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
        resourceTypes: [], exclusions: [], recordingFrequency: 'CONTINUOUS', serviceLinked: false, recording: false, lastStatus: 'SUCCESS', lastErrorCode: null,
      }],
    });
    expect(runCheck(recorderEnabled, snapshot, DEFAULT_SETTINGS)).toMatchObject({ result: 'fail', reason: expect.stringMatching(/^recorder default is stopped/) });
  });

  it('an account without recorders has an empty list (a fail, not an error)', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    const snapshot = await configRecorderKind.collect(ctx, ID);
    expect(snapshot.state).toEqual({ recorders: [] });
    expect(runCheck(recorderEnabled, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
  });

  it('turns AccessDenied on the status read into snapshot.error', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves(sdkOutput(recorders));
    config.on(DescribeConfigurationRecorderStatusCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const snapshot = await configRecorderKind.collect(ctx, ID);
    expect(snapshot.error).toMatchObject({ operation: 'DescribeConfigurationRecorderStatus', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('flags a service-linked recorder as such', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [{ name: 'AWSConfigurationRecorderForSecurityHub', servicePrincipal: 'securityhub.amazonaws.com', recordingScope: 'INTERNAL', recordingGroup: { allSupported: false } }],
    });
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'AWSConfigurationRecorderForSecurityHub', recording: true }] });
    const snapshot = await configRecorderKind.collect(ctx, ID);
    expect(snapshot.state?.recorders[0]).toMatchObject({ serviceLinked: true, recording: true });
  });

  it.skipIf(!HAS_CORPUS)('reads the real recordings: an all-supported recorder that is recording passes', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves(corpusJson<{ data: object }>('api-responses/test_account_config__config.DescribeConfigurationRecorders_1.json').data);
    config.on(DescribeConfigurationRecorderStatusCommand).resolves(
      corpusJson<{ data: object }>('api-responses/test_account_config__config.DescribeConfigurationRecorderStatus_1.json').data,
    );
    const snapshot = await configRecorderKind.collect(ctx, ID);
    expect(runCheck(recorderEnabled, snapshot, DEFAULT_SETTINGS).result).toBe('pass');
  });
});

describe('configRecorderKind.enumerate and idsFromEvent', () => {
  it('enumerates the account and region of the context', async () => {
    const ids: string[] = [];
    for await (const id of configRecorderKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual([ID]);
  });

  it('names "<account>:<region>" for a recorder event, the same id enumerate gives', () => {
    expect(configRecorderKind.idsFromEvent(stopEvent as CloudTrailRecord)).toEqual(['222222222222:us-west-2']);
  });

  it.skipIf(!HAS_CORPUS)('names account and region in every real corpus record of a trigger event', () => {
    const records = corpusRecords(recorderEnabled.metadata.triggers.cloudtrail[0]!.eventNames);
    expect(records.length).toBeGreaterThanOrEqual(4);
    for (const { file, record } of records) {
      expect(configRecorderKind.idsFromEvent(record), file).toEqual([`${record.recipientAccountId}:${record.awsRegion}`]);
    }
  });
});
