import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_CHECK_KIND, snapshotFromEvent } from '../../lib/collectors/cloudtrail-event.ts';
import { identityOf } from '../../lib/model/cloudtrail.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { corpusPath } from '../fixtures/corpus.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/signin/', import.meta.url));
const CORPUS_CLOUDTRAIL = corpusPath('cloudtrail');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as CloudTrailRecord;

describe('snapshotFromEvent', () => {
  it.each([
    ['console-login-iam-user-mfa.json', { type: 'AWS::IAM::User', id: 'arn:aws:iam::111122223333:user/alice', arn: 'arn:aws:iam::111122223333:user/alice' }],
    ['console-login-root-no-mfa.json', { type: 'AWS::::Account', id: 'arn:aws:iam::111122223333:root', arn: 'arn:aws:iam::111122223333:root' }],
    [
      'console-login-sso.json',
      {
        type: 'AWS::IAM::Role',
        id: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ClaimsAdmin_635426549a280cc6/dana@example.org',
        arn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ClaimsAdmin_635426549a280cc6',
      },
    ],
    // A failed sign-in has no arn: rebuilt from the user name.
    ['console-login-failed.json', { type: 'AWS::IAM::User', id: 'arn:aws:iam::111122223333:user/bob', arn: 'arn:aws:iam::111122223333:user/bob' }],
  ])('a sign-in in %s is about the identity that signed in', (file, resource) => {
    // Act
    const snapshot = snapshotFromEvent(fixture(file), 'AWS::IAM::User');
    // Assess
    expect(snapshot.resource).toEqual(resource);
    expect(snapshot).toMatchObject({ kind: EVENT_CHECK_KIND, account: '111122223333', region: 'us-east-1', source: 'event' });
    expect(snapshot.state?.eventID).toBe(fixture(file).eventID);
  });

  it('root activity is about the account', () => {
    const snapshot = snapshotFromEvent(fixture('root-create-access-key.json'), 'AWS::::Account');
    expect(snapshot.resource).toEqual({ type: 'AWS::::Account', id: '111122223333', arn: 'arn:aws:iam::111122223333:root' });
  });

  it('a SAML user without arn is named by its provider and user name; its resource is the SAML provider', () => {
    // Act
    const identity = identityOf(fixture('console-login-saml.json'));
    const snapshot = snapshotFromEvent(fixture('console-login-saml.json'), 'AWS::IAM::User');
    // Assess
    expect(identity.actor).toBe('saml:arn:aws:iam::111122223333:saml-provider/Okta/dana@example.org');
    expect(snapshot.resource).toEqual({ type: 'AWS::IAM::SAMLProvider', id: identity.actor, arn: 'arn:aws:iam::111122223333:saml-provider/Okta' });
  });

  it.skipIf(!existsSync(CORPUS_CLOUDTRAIL))('gives every real corpus record an account, a region and a resource id', () => {
    const records = readdirSync(CORPUS_CLOUDTRAIL)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(CORPUS_CLOUDTRAIL, f), 'utf8')) as CloudTrailRecord)
      .filter((r) => r.userIdentity && r.eventName);
    expect(records.length).toBeGreaterThan(20);
    for (const record of records) {
      const snapshot = snapshotFromEvent(record, 'AWS::IAM::User');
      expect(snapshot.account).not.toBe('unknown');
      expect(snapshot.resource.id).not.toBe('unknown');
      expect(snapshot.region).toBe(record.awsRegion);
    }
  });
});
