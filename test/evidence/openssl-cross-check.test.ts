import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import { statementBytes, statementOfProof } from '../../lib/evidence/statement.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { buildAttestation } from '../../lib/evidence/ledger.ts';
import { signLedger } from '../../lib/pipeline/ledger-writer.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { freshSigner, unsignedRecord, unsignedRecords } from './helpers.ts';

/**
 * An independent implementation (openssl, and the shell procedure an auditor follows) agrees with
 * ours. Skipped only where openssl is not installed.
 */
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-openssl-'));
  dirs.push(dir);
  return dir;
}

/** A shell block of docs/verify-by-hand.md (`procedure`, `object`), exactly as an auditor copies it. */
function docBlock(name: string): string {
  const doc = readFileSync(join(repo, 'docs/verify-by-hand.md'), 'utf8');
  const block = new RegExp(`<!-- ${name}:start -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(doc);
  if (!block) throw new Error(`docs/verify-by-hand.md lost its ${name} block`);
  return block[1]!;
}

/** Runs shell text in `dir` with our `canonicalize` CLI (node_modules) and the `node` running the tests. */
function shell(dir: string, script: string): string {
  const PATH = [join(repo, 'node_modules/.bin'), dirname(process.execPath), process.env.PATH].join(':');
  return execFileSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, PATH }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function runByHand(record: unknown, publicPem: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'r.json'), JSON.stringify(record, null, 2));
  writeFileSync(join(dir, 'pub.pem'), publicPem);
  return shell(dir, docBlock('procedure'));
}

/** An object saved under its own name, as an auditor copies it from the store; returns the directory. */
function savedObject(bytes: Buffer | string, key: string, publicPem: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, key.slice(key.lastIndexOf('/') + 1)), bytes);
  writeFileSync(join(dir, 'pub.pem'), publicPem);
  return dir;
}

describe.skipIf(!hasOpenssl)('openssl cross-check', () => {
  it('openssl verifies the batch statement signature with the public key PEM', async () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const [record] = await signBatch(unsignedRecords(3), signer);
    const dir = tempDir();
    writeFileSync(join(dir, 'statement.json'), statementBytes(statementOfProof(record!.integrity.batch)));
    writeFileSync(join(dir, 'sig.der'), Buffer.from(record!.integrity.batch.signature, 'base64'));
    writeFileSync(join(dir, 'pub.pem'), publicPem);
    // Act
    const out = spawnSync('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'statement.json'], { cwd: dir, encoding: 'utf8' });
    writeFileSync(join(dir, 'statement.json'), statementBytes({ ...statementOfProof(record!.integrity.batch), treeSize: 4 }));
    const tampered = spawnSync('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'statement.json'], { cwd: dir, encoding: 'utf8' });
    // Assess
    expect(out.stdout.trim()).toBe('Verified OK');
    expect(out.status).toBe(0);
    expect(tampered.stdout.trim()).toBe('Verification failure');
  });

  it('openssl computes the same key fingerprint', () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const dir = tempDir();
    writeFileSync(join(dir, 'pub.pem'), publicPem);
    // Act
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'pub.pem', '-outform', 'DER'], { cwd: dir });
    const digest = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der, encoding: 'utf8' }).split(' ')[0];
    // Assess
    return expect(signer.keyId()).resolves.toBe(`sha256:${digest}`);
  });

  it('the by-hand procedure of docs/verify-by-hand.md passes all four steps on a genuine record', async () => {
    // Prepare: a record with nested objects and non-ASCII text, so step 3 needs real JCS
    const { signer, publicPem } = freshSigner();
    const signed = await signBatch([...unsignedRecords(4), unsignedRecord(9, { reason: 'Größe €5 — sg-9 offen für 0.0.0.0/0' })], signer);
    // Act
    const out = runByHand(signed[4], publicPem);
    // Assess
    expect(out.split('\n').filter(Boolean)).toEqual(['key pinned OK', 'Verified OK', 'leaf hash OK', 'audit path OK']);
  }, 60_000); // a dozen node and openssl processes on a shared machine

  it('the by-hand procedure passes on a line taken from a records/v2 object with sed, and the object matches its name', async () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const { key, bytes } = recordObject(await signBatch(unsignedRecords(5), signer), new Date());
    const dir = savedObject(bytes, key, publicPem);
    const name = key.slice(key.lastIndexOf('/') + 1);
    // Act: the doc's own extraction line, on the third record
    const line = shell(dir, `sed -n 3p ${name} > r.json && ${docBlock('procedure')}`);
    const object = shell(dir, docBlock('object'));
    // Assess
    expect(line.split('\n').filter(Boolean)).toEqual(['key pinned OK', 'Verified OK', 'leaf hash OK', 'audit path OK']);
    expect(object.split('\n').filter(Boolean)).toEqual(['object sha256 OK', 'object count OK', 'lines in the batch OK']);
  }, 60_000);

  it('the by-hand procedure passes on an attestation taken from its object, and the file matches the hash it signs', async () => {
    // Prepare: two attestations in one signed batch, the first with a file
    const { signer, publicPem } = freshSigner();
    const file = Buffer.from('penetration test summary\n');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const now = new Date();
    const documents = [
      buildAttestation({ citation: '164.312(h)(2)(iii)', statement: 'pen test passed', by: 'qsa', attachment: { sha256, name: 'pentest.txt', bytes: file.length } }, now),
      buildAttestation({ citation: '164.308(a)(1)(ii)(A)', statement: 'risk analysis approved', by: 'privacy officer' }, now),
    ];
    const { key, bytes } = await signLedger(documents, signer, now);
    const dir = savedObject(bytes, key, publicPem);
    writeFileSync(join(dir, sha256), file);
    const name = key.slice(key.lastIndexOf('/') + 1);
    // Act
    const line = shell(dir, `sed -n 1p ${name} > r.json && ${docBlock('procedure')}`);
    const object = shell(dir, docBlock('object'));
    const fileHash = shell(dir, `sha256sum ${sha256} | cut -d' ' -f1`).trim();
    // Assess
    expect(line.split('\n').filter(Boolean)).toEqual(['key pinned OK', 'Verified OK', 'leaf hash OK', 'audit path OK']);
    expect(object.split('\n').filter(Boolean)).toEqual(['object sha256 OK', 'object count OK', 'lines in the batch OK']);
    expect(fileHash).toBe(JSON.parse(bytes.toString('utf8').split('\n')[0]!).attachment.sha256);
  }, 60_000);

  it('the object check catches a changed, a dropped and a reordered line', async () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const { key, bytes } = recordObject(await signBatch(unsignedRecords(4), signer), new Date());
    const lines = bytes.toString('utf8').split('\n').filter(Boolean);
    const changed = savedObject(bytes.toString('utf8').replace(/"result":"fail"/, '"result":"pass"'), key, publicPem);
    const dropped = savedObject(`${lines.slice(1).join('\n')}\n`, key, publicPem);
    const reordered = savedObject(`${[lines[1], lines[0], ...lines.slice(2)].join('\n')}\n`, key, publicPem);
    // Act
    const [changedOut, droppedOut, reorderedOut] = [changed, dropped, reordered].map((dir) => shell(dir, docBlock('object'))) as [string, string, string];
    // Assess
    expect(changedOut).toContain('object sha256 MISMATCH');
    expect(droppedOut.split('\n').filter(Boolean)).toEqual(['object sha256 MISMATCH: the object was changed', 'object count MISMATCH: lines were added or removed', '3 line(s) NOT in the batch the name states']);
    expect(reorderedOut).toContain('object sha256 MISMATCH');
    expect(reorderedOut).toContain('2 line(s) NOT in the batch the name states');
  }, 60_000);

  it('the by-hand procedure catches a changed field, a moved record and an unpinned key', async () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const signed = await signBatch(unsignedRecords(5), signer);
    const other = await signBatch(unsignedRecords(6).slice(5), signer);
    const changed: EvidenceRecord = { ...signed[1]!, result: 'pass' };
    const moved: EvidenceRecord = { ...signed[2]!, integrity: { ...signed[2]!.integrity, batch: other[0]!.integrity.batch } };
    // Act
    const changedOut = runByHand(changed, publicPem);
    const movedOut = runByHand(moved, publicPem);
    const unpinnedOut = runByHand(signed[0], freshSigner().publicPem);
    // Assess
    expect(changedOut).toContain('leaf hash MISMATCH: record content changed');
    expect(changedOut).toContain('Verified OK'); // the statement itself is intact
    expect(changedOut).toContain('audit path does NOT lead to root');
    expect(movedOut).toContain('leaf hash OK');
    expect(movedOut).toContain('audit path does NOT lead to root');
    expect(unpinnedOut).toMatch(/key sha256:[0-9a-f]{64} is NOT the pinned key/);
    expect(unpinnedOut).toContain('Verification failure');
  }, 120_000);
});
