// 10,000 CloudTrail events through the collect pipeline (memory store, local key): records per
// second, and the ratio to the floor: canonicalize + leaf hash + Merkle + one signature per batch.
import { performance } from 'node:perf_hooks';
import { CHECKS } from '../lib/checks/registry.ts';
import { DEFAULT_SETTINGS } from '../lib/model/check.ts';
import { SNAPSHOT_KINDS } from '../lib/collectors/kinds.ts';
import { parseInput } from '../lib/events/parse.ts';
import { canonicalBytes } from '../lib/evidence/canonical.ts';
import { leafHash, merkleRoot } from '../lib/evidence/merkle.ts';
import type { EvidenceRecord, UnsignedRecord } from '../lib/evidence/types.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { runPipeline } from '../lib/pipeline/run.ts';
import { MemoryStore } from '../lib/store/memory.ts';
import { fakeClients, notFound } from './fake-clients.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ACCOUNT = '111122223333';

function event(i: number): object {
  const base = {
    eventVersion: '1.08', eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventTime: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), awsRegion: 'us-east-1', recipientAccountId: ACCOUNT,
    sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2.15.0',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice' },
  };
  return i % 2 === 0
    ? { ...base, eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', requestParameters: { groupId: `sg-${i.toString(16).padStart(17, '0')}` }, responseElements: { _return: true } }
    : { ...base, eventSource: 's3.amazonaws.com', eventName: 'PutBucketEncryption', requestParameters: { bucketName: `bucket-${i}` }, responseElements: null };
}

const clients = fakeClients({
  DescribeSecurityGroups: (input) => {
    const id = (input.GroupIds as string[])[0]!;
    const open = id.endsWith('2') || id.endsWith('6');
    return { SecurityGroups: [{ GroupId: id, GroupName: `web-${id}`, VpcId: 'vpc-1', Tags: [], IpPermissions: open ? [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] : [], IpPermissionsEgress: [] }] };
  },
  GetBucketLocation: () => ({ LocationConstraint: null }),
  HeadBucket: () => ({}),
  GetBucketEncryption: () => ({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }),
  GetBucketPolicy: () => notFound('NoSuchBucketPolicy'),
  GetPublicAccessBlock: () => ({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
  GetBucketLogging: () => ({}),
  GetBucketTagging: () => ({ TagSet: [{ Key: 'data-classification', Value: 'ephi' }] }),
});

/** The bare cryptographic work for the same records: JCS, leaf hashes, one Merkle root and one signature per 1,000. */
async function floorSeconds(signed: EvidenceRecord[], signer: LocalKeySigner): Promise<number> {
  const unsigned: UnsignedRecord[] = signed.map(({ integrity: _integrity, ...rest }) => rest);
  const start = performance.now();
  for (let i = 0; i < unsigned.length; i += 1000) {
    const leaves = unsigned.slice(i, i + 1000).map((r) => leafHash(canonicalBytes(r)));
    await signer.sign(Buffer.from(merkleRoot(leaves), 'hex'));
  }
  return (performance.now() - start) / 1000;
}

const { privatePem } = generateKeyPair();
const signer = LocalKeySigner.fromPem(privatePem);
const text = Array.from({ length: EVENTS }, (_, i) => JSON.stringify(event(i))).join('\n');
const store = new MemoryStore();
const start = performance.now();
const summary = await runPipeline(parseInput(text, 'bench.jsonl'), {
  clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS,
  functionName: 'bench', store, signer,
});
const seconds = (performance.now() - start) / 1000;
const signed: EvidenceRecord[] = [];
for await (const key of store.list('records/')) signed.push(JSON.parse((await store.get(key))!.toString()));
const floor = await floorSeconds(signed, signer);
const failed = summary.outcomes.filter((o) => o.status !== 'recorded').length;
process.stdout.write(`${JSON.stringify({ bench: 'collect', events: EVENTS, records: summary.records, failedInputs: failed, seconds, recordsPerSecond: summary.records / seconds, floorSeconds: floor, ratioToFloor: seconds / floor, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
