// 10,000 CloudTrail events through the collect pipeline (local key; a store that keeps the bytes it
// is given, as S3 does, where MemoryStore copies them to protect tests): records per second, and
// ratios to two floors. The signing-only floor is the least code that signs the same
// records in the same batches (JCS + leaf hash per record, the Merkle tree with every audit path,
// one signature per object the pipeline wrote, of the same size). The floor the goal is judged by
// adds what any collector must also do to store the same bytes from the same input, as issue 9's
// floor for verify includes reading and parsing what it checks: JSON.parse each input line, and
// write each signed record as its stored line (its JCS text with the integrity member appended),
// the object's UTF-8 bytes and the SHA-256 its name carries. Both floors canonicalize with
// trailproof's general RFC 8785 serializer (as verify's floor does) and use its cheapest primitive
// for every other step.
import { hash } from 'node:crypto';
import type { DescribeSecurityGroupsCommandInput } from '@aws-sdk/client-ec2';
import { CHECKS } from '../lib/checks/registry.ts';
import { DEFAULT_SETTINGS } from '../lib/model/check.ts';
import { SNAPSHOT_KINDS } from '../lib/collectors/kinds.ts';
import { parseInput } from '../lib/events/parse.ts';
import { signLeaves } from '../lib/evidence/batch.ts';
import { canonicalText } from '../lib/evidence/canonical.ts';
import { leafHashOfText, merkleTree } from '../lib/evidence/merkle.ts';
import { batchStatement, statementBytes } from '../lib/evidence/statement.ts';
import type { EvidenceRecord } from '../lib/evidence/types.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { runPipeline } from '../lib/pipeline/run.ts';
import { jsonLinesBytes } from '../lib/store/record-object.ts';
import { integrityJson } from '../lib/store/record-lines.ts';
import { fakeClients, keepingStore, notFound } from './fake-clients.ts';
import { timed } from './timing.ts';

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

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const clients = fakeClients({
  EC2Client: {
    DescribeSecurityGroups: (input: DescribeSecurityGroupsCommandInput) => {
      const id = input.GroupIds![0]!;
      const open = id.endsWith('2') || id.endsWith('6');
      return { SecurityGroups: [{ GroupId: id, GroupName: `web-${id}`, VpcId: 'vpc-1', Tags: [], IpPermissions: open ? [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] : [], IpPermissionsEgress: [] }] };
    },
  },
  S3Client: {
    GetBucketLocation: () => ({ LocationConstraint: null }),
    HeadBucket: () => ({}),
    GetBucketEncryption: () => ({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }),
    GetBucketPolicy: () => notFound('NoSuchBucketPolicy'),
    GetPublicAccessBlock: () => ({ PublicAccessBlockConfiguration: BLOCK_ALL }),
    GetBucketLogging: () => ({}),
    GetBucketTagging: () => ({ TagSet: [{ Key: 'data-classification', Value: 'ephi' }] }),
  },
  S3ControlClient: { GetPublicAccessBlock: () => ({ PublicAccessBlockConfiguration: BLOCK_ALL }) },
});

/** The bare signing work for the same batches: JCS and leaf hash per record, the tree, one signature per batch. */
async function floor(batches: EvidenceRecord[][], signer: LocalKeySigner): Promise<void> {
  const keyId = await signer.keyId();
  for (const batch of batches) {
    const tree = merkleTree(batch.map((r) => leafHashOfText(canonicalText(r))));
    await signer.sign(statementBytes(batchStatement({ root: tree.root, treeSize: tree.treeSize, signedAt: new Date().toISOString(), keyId })));
  }
}

/**
 * The floor plus the input parse and the output bytes: every input line parsed; per object, the
 * floor's JCS texts and leaf hashes, the tree and signature with every record's integrity member,
 * each line as the store holds it (the JCS text with `integrity` appended), UTF-8, and the SHA-256
 * the object's name carries.
 */
async function floorWithInputAndOutput(text: string, batches: EvidenceRecord[][], signer: LocalKeySigner): Promise<void> {
  for (const line of text.split('\n')) JSON.parse(line);
  for (const batch of batches) {
    const texts = batch.map((record) => canonicalText(record));
    const integrities = await signLeaves(texts.map(leafHashOfText), signer);
    const bytes = jsonLinesBytes(texts.map((jcs, i) => `${jcs.slice(0, -1)},"integrity":${integrityJson(integrities[i]!)}}`));
    hash('sha256', bytes, 'hex');
  }
}

/** One collect run over `events` events into a fresh store that keeps the bytes it is given: its time, summary and the objects it wrote, as unsigned records. */
async function collectRun(events: number) {
  const text = Array.from({ length: events }, (_, i) => JSON.stringify(event(i))).join('\n');
  const store = keepingStore();
  const run = await timed(() => runPipeline(parseInput(text, 'bench.jsonl'), {
    clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS,
    functionName: 'bench', store, signer,
  }));
  // The objects the pipeline wrote: the floor signs the very same batches (canonicalBytes leaves integrity out).
  const batches: EvidenceRecord[][] = [];
  for await (const key of store.list('records/')) {
    const lines = (await store.get(key))!.toString('utf8').split('\n').slice(0, -1);
    batches.push(lines.map((line) => JSON.parse(line) as EvidenceRecord));
  }
  return { ...run, batches, text };
}

const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
// Warm-up: both sides run once on 1,000 events first, so neither pays the JIT for the other.
const warmUp = await collectRun(1000);
await floor(warmUp.batches, signer);
await floorWithInputAndOutput(warmUp.text, warmUp.batches, signer);
const { seconds, cpuSeconds, result: summary, batches, text } = await collectRun(EVENTS);
const floorRun = await timed(() => floor(batches, signer));
const floor2Run = await timed(() => floorWithInputAndOutput(text, batches, signer));
const failed = summary.outcomes.filter((o) => o.status !== 'recorded').length;
process.stdout.write(`${JSON.stringify({
  bench: 'collect', events: EVENTS, records: summary.records, failedInputs: failed, objects: batches.length, seconds, cpuSeconds, recordsPerSecond: summary.records / seconds,
  floorSeconds: floorRun.seconds, floorCpuSeconds: floorRun.cpuSeconds, ratioToFloor: seconds / floorRun.seconds, cpuRatioToFloor: cpuSeconds / floorRun.cpuSeconds,
  floor2Seconds: floor2Run.seconds, floor2CpuSeconds: floor2Run.cpuSeconds, ratioToFloor2: seconds / floor2Run.seconds, cpuRatioToFloor2: cpuSeconds / floor2Run.cpuSeconds, maxRssMB: process.resourceUsage().maxRSS / 1024,
})}\n`);
