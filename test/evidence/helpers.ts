import { readFileSync } from 'node:fs';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { recordId } from '../../lib/evidence/record.ts';
import type { UnsignedRecord } from '../../lib/evidence/types.ts';

/** Shared by the evidence and store tests: a fixture record and fresh keys. Not a test file. */

const fixture = JSON.parse(readFileSync(new URL('../fixtures/evidence/unsigned-record.json', import.meta.url), 'utf8')) as UnsignedRecord;

/** A copy of the fixture record; `n` gives each copy its own resource and id. */
export function unsignedRecord(n = 0, overrides: Partial<UnsignedRecord> = {}): UnsignedRecord {
  const record = structuredClone(fixture);
  if (n > 0) {
    record.resource = { ...record.resource, id: `sg-${String(n).padStart(17, '0')}` };
    record.resource.arn = `arn:aws:ec2:us-east-1:111122223333:security-group/${record.resource.id}`;
    record.id = recordId(record.trigger.eventId, record.check.id, record.resource.id);
  }
  return { ...record, ...overrides };
}

export function unsignedRecords(count: number): UnsignedRecord[] {
  return Array.from({ length: count }, (_, i) => unsignedRecord(i + 1));
}

/** A fresh P-256 signer plus its PEMs. */
export function freshSigner(): { signer: LocalKeySigner; privatePem: string; publicPem: string } {
  const { privatePem, publicPem } = generateKeyPair();
  return { signer: LocalKeySigner.fromPem(privatePem), privatePem, publicPem };
}
