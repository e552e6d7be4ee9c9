// A signed and sealed store for the verify and list benchmarks: records/v2 objects of 1,000 records
// (about a sweep's average object, 1,076), ten objects an hour, one seal an hour, written through any
// EvidenceStore (a directory, or S3Store against the loopback fake S3). Setup only: never timed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signBatch } from '../lib/evidence/batch.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { recordId } from '../lib/evidence/record.ts';
import type { UnsignedRecord } from '../lib/evidence/types.ts';
import { sealPending } from '../lib/seal/seal-pending.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { recordObject } from '../lib/store/record-object.ts';
import type { EvidenceStore } from '../lib/store/types.ts';
import { mapLimit } from '../lib/util/concurrency.ts';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 4, 1);
const template = JSON.parse(readFileSync(fileURLToPath(new URL('../test/fixtures/evidence/unsigned-record.json', import.meta.url)), 'utf8')) as UnsignedRecord;

/** Record `i`: the template with its own resource and id, collected at `collectedAt`. */
function record(i: number, collectedAt: string): UnsignedRecord {
  const id = `sg-${i.toString(16).padStart(17, '0')}`;
  return {
    ...template,
    id: recordId(template.trigger.eventId, template.check.id, id),
    resource: { ...template.resource, id, arn: `arn:aws:ec2:us-east-1:111122223333:security-group/${id}` },
    collectedAt,
  };
}

export interface SignedStore {
  publicPem: string;
  records: number;
  objects: number;
  hours: number;
}

/**
 * Writes `records` signed records into `store` as records/v2 objects of `perObject` lines,
 * `objectsPerHour` objects per write hour, then seals every hour. Objects are written 16 at a time.
 */
export async function writeSignedStore(store: EvidenceStore, records: number, perObject = 1000, objectsPerHour = 10): Promise<SignedStore> {
  const { privatePem, publicPem } = generateKeyPair();
  const signer = LocalKeySigner.fromPem(privatePem);
  const objects = Math.ceil(records / perObject);
  await mapLimit(Array.from({ length: objects }, (_, o) => o), 16, async (o) => {
    const writtenAt = new Date(START + Math.floor(o / objectsPerHour) * HOUR_MS + 60_000 + o);
    const first = o * perObject;
    const unsigned = Array.from({ length: Math.min(perObject, records - first) }, (_, j) => record(first + j + 1, writtenAt.toISOString()));
    const { key, bytes } = recordObject(await signBatch(unsigned, signer, writtenAt), writtenAt);
    await store.put(key, bytes);
  });
  const hours = Math.ceil(objects / objectsPerHour);
  await sealPending(store, signer, { now: new Date(START + (hours + 1) * HOUR_MS), maxHours: hours + 1 });
  return { publicPem, records, objects, hours };
}
