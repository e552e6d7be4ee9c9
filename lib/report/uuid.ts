import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1), so the same evidence always gets the same OSCAL
 * uuid: two reports of one period can be diffed, and an observation can be traced back to its
 * record id by anyone who recomputes it.
 */

/** The namespace of trailproof's names (a v5 UUID of "trailproof" in the RFC's URL namespace). */
const TRAILPROOF_NAMESPACE = uuidV5('https://trailproof.dev/', '6ba7b811-9dad-11d1-80b4-00c04fd430c8');

/**
 * The version 5 UUID of `name` in `namespace`.
 *
 * @example uuidV5(`record:${record.id}`) // '1b4e28ba-...-5...'
 */
export function uuidV5(name: string, namespace: string = TRAILPROOF_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
