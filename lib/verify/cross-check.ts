import { createHash } from 'node:crypto';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { RECORD_PREFIXES, SIGNED_PREFIXES, signedHourPrefix, writeHourOf, type LayoutVersion } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import type { AnySeal } from '../seal/types.ts';
import { formatDuration } from '../util/duration.ts';
import { sealOverdue, type VerifyClock } from './dates.ts';
import { readJsonObject } from './read-object.ts';
import type { SealIndex, SealPart } from './seal-chain.ts';
import type { KeyFailure } from './types.ts';

/** What the cross-check needs of one listed record key (v1) or object (v2), once it was verified. */
export interface ListedKey {
  key: string;
  version: LayoutVersion;
  /** Start of the write hour its key names (ms). */
  hour: number;
  /** v1: the leaf hash the record claims, and whether its content hashes to it. */
  claimedLeafHash?: string;
  contentOk?: boolean;
  /** v2: SHA-256 of the bytes read (undefined when unreadable). */
  sha256?: string;
  /** When it was signed: never after the seal that lists it. */
  signedAt?: string;
}

interface Entry {
  /** v1: the sealed leaf hash; v2: the sealed SHA-256 of the bytes. */
  digest: string;
  part: SealPart;
}

/**
 * Checks records and objects against the seals, one write hour at a time, in the order the
 * listing gives them (ascending hours): every key of a sealed hour listed in its seal with the
 * leaf hash (v1) or SHA-256 (v2) the seal states and signed before it; every sealed key present;
 * every hour that closed more than the grace ago sealed (SEAL_OVERDUE), also when no seal exists
 * at all or the newest was deleted; keys of younger hours are warnings (RECORDS_NOT_YET_SEALED).
 *
 * Memory: the entries of ONE hour's seals, read again from the store when the hour begins (their
 * bytes must hash as when the chain was walked), never the whole store's.
 */
export class SealCrossCheck {
  readonly #store: EvidenceStore;
  readonly #index: SealIndex | undefined;
  readonly #clock: VerifyClock;
  readonly #prefixes: readonly string[];
  readonly #onFailure: (failure: KeyFailure) => void;
  readonly #visited = new Set<number>();
  readonly #pending = new Map<string, number>();
  #hour: number | undefined;
  #entries = new Map<string, Entry>();
  /** Whether some hour's seal was overdue: with no seal at all, the store then fails NO_SEALS too. */
  overdue = false;

  constructor(store: EvidenceStore, index: SealIndex | undefined, options: { clock: VerifyClock; prefixes?: readonly string[]; onFailure: (failure: KeyFailure) => void }) {
    this.#store = store;
    this.#index = index;
    this.#clock = options.clock;
    this.#prefixes = options.prefixes ?? SIGNED_PREFIXES;
    this.#onFailure = options.onFailure;
  }

  /** The problems of one listed key against its hour's seals; keys must come in ascending hours. */
  async check(listed: ListedKey): Promise<VerificationProblem[]> {
    if (listed.hour !== this.#hour) await this.#enter(listed.hour);
    const entry = this.#entries.get(listed.key);
    if (!entry) return this.#unsealed(listed);
    this.#entries.delete(listed.key);
    const problems: VerificationProblem[] = [];
    if (listed.version === 'v1' && (listed.claimedLeafHash !== entry.digest || !listed.contentOk)) {
      problems.push(verificationProblem('SEALED_RECORD_CHANGED', { leafHash: entry.digest, sealKey: entry.part.key }));
    }
    if (listed.version === 'v2' && listed.sha256 !== entry.digest) problems.push(verificationProblem('SEALED_OBJECT_CHANGED', { sha256: entry.digest, sealKey: entry.part.key }));
    const { sealedAt } = entry.part;
    if (listed.signedAt && sealedAt && Date.parse(listed.signedAt) > Date.parse(sealedAt) + this.#clock.skewMs) {
      problems.push(verificationProblem('SIGNED_AFTER_SEAL', { signedAt: listed.signedAt, sealedAt, sealKey: entry.part.key }));
    }
    return problems;
  }

  /** After the listing: the sealed keys of every hour that were never listed, and the warnings. */
  async finish(): Promise<VerificationProblem[]> {
    await this.#enter(undefined);
    for (const hour of [...(this.#index?.hours.keys() ?? [])].sort((a, b) => a - b)) {
      if (this.#visited.has(hour) || !this.#hourInScope(hour)) continue;
      await this.#enter(hour);
      await this.#enter(undefined);
    }
    const newestEnd = this.#index?.newestEnd === undefined ? {} : { newestEnd: new Date(this.#index.newestEnd).toISOString() };
    return [...this.#pending].map(([prefix, count]) => verificationProblem('RECORDS_NOT_YET_SEALED', { prefix, count, ...newestEnd }));
  }

  /** A key no seal lists: late (its hour is sealed), unsealed (later hours are), overdue, or not yet due. */
  #unsealed(listed: ListedKey): VerificationProblem[] {
    const { hour } = listed;
    const finalKey = this.#index?.hours.get(hour)?.finalKey;
    const at = new Date(hour).toISOString();
    if (finalKey) return [verificationProblem('RECORD_NOT_IN_SEAL', { sealKey: finalKey, hour: at })];
    const newestEnd = this.#index?.newestEnd;
    if (newestEnd !== undefined && hour < newestEnd) return [verificationProblem('HOUR_NOT_SEALED', { hour: at, sealedUpTo: new Date(newestEnd).toISOString() })];
    if (sealOverdue(hour, this.#clock)) {
      this.overdue = true;
      return [verificationProblem('SEAL_OVERDUE', { hour: at, grace: formatDuration(this.#clock.graceMs), now: new Date(this.#clock.now).toISOString() })];
    }
    const prefix = signedHourPrefix(SIGNED_PREFIXES.find((p) => listed.key.startsWith(p)) ?? `records/${listed.version}/`, new Date(hour));
    this.#pending.set(prefix, (this.#pending.get(prefix) ?? 0) + 1);
    return [];
  }

  /** Closes the current hour (its sealed keys not listed are missing) and reads the entries of the next. */
  async #enter(hour: number | undefined): Promise<void> {
    for (const [key, entry] of this.#entries) {
      const info = this.#store.describe ? await this.#store.describe(key) : undefined;
      const v1 = key.startsWith(RECORD_PREFIXES[0]);
      const code = info?.deleteMarker ? (v1 ? 'SEALED_RECORD_DELETED' : 'SEALED_OBJECT_DELETED') : v1 ? 'SEALED_RECORD_MISSING' : 'SEALED_OBJECT_MISSING';
      this.#onFailure({ key, errors: [verificationProblem(code, { sealKey: entry.part.key })] });
    }
    this.#entries = new Map();
    this.#hour = hour;
    if (hour === undefined) return;
    this.#visited.add(hour);
    // Only keys of this hour: a seal listing keys outside its window already fails (SEAL_*_OUTSIDE_WINDOW).
    const wanted = (key: string) => this.#inScope(key) && writeHourOf(key)?.getTime() === hour;
    for (const part of this.#index?.hours.get(hour)?.parts ?? []) {
      const seal = await this.#reread(part);
      for (const r of seal?.records ?? []) if (wanted(r.key)) this.#entries.set(r.key, { digest: r.leafHash, part });
      if (seal && 'objects' in seal) for (const o of seal.objects) if (wanted(o.key)) this.#entries.set(o.key, { digest: o.sha256, part });
    }
  }

  /** A seal the chain walk checked, read again: only if its bytes are still the ones checked. */
  async #reread(part: SealPart): Promise<AnySeal | undefined> {
    const read = await readJsonObject(this.#store, part.key);
    const hash = read.bytes && createHash('sha256').update(read.bytes).digest('hex');
    if ('error' in read || hash !== part.hash) {
      const chain = this.#index!.chain;
      const problem = 'error' in read ? read.error : verificationProblem('SEAL_CHANGED_DURING_VERIFY');
      const failure = chain.failures.find((f) => f.key === part.key);
      if (failure) failure.errors.push(problem);
      else {
        chain.failures.push({ key: part.key, errors: [problem] });
        chain.ok--;
      }
      return undefined;
    }
    return read.value as AnySeal;
  }

  #inScope(key: string): boolean {
    return this.#prefixes.some((prefix) => key.startsWith(prefix));
  }

  /** Could a key of this hour (of any signed prefix) be in scope? */
  #hourInScope(hour: number): boolean {
    const prefixes = SIGNED_PREFIXES.map((p) => signedHourPrefix(p, new Date(hour)));
    return prefixes.some((hp) => this.#prefixes.some((p) => hp.startsWith(p) || p.startsWith(hp)));
  }
}
