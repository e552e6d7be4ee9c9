import { timestampKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { timestampAuthority } from '../timestamp/authority.ts';
import { requestTimestamp, TimestampAuthorityError, type TsaFailure } from '../timestamp/tsa-client.ts';
import { readSeal } from './chain-head.ts';
import { DEFAULT_TIMESTAMP_GRACE_MS, type ChainHead } from './types.ts';

/** Where and how the sealer asks for RFC 3161 tokens (`seal --tsa`, the TSA_URL of the seal function). */
export interface TimestampOptions {
  /** The TSA's http(s) URL. */
  tsaUrl: string;
  /** One request's bound (default 10 s). */
  timeoutMs?: number;
  /** Seals whose sealedAt is older than this are not stamped any more (default 24 hours). */
  graceMs?: number;
}

/** What one stamping pass did. */
export interface StampResult {
  /** Token keys written (`<seal key>.tsr`), newest seal first. */
  added: string[];
  /** Why the TSA gave no token, when it failed: the pass stops there and the next run retries. */
  failed?: { sealKey: string; reason: TsaFailure; message: string };
  /** Young seals still without a token after this pass (the failed one included). */
  missing: number;
}

/** When the pass must end (epoch ms), e.g. the Lambda's budget; and the sealer's clock. */
interface StampContext {
  now: Date;
  deadline?: number;
}

/**
 * Adds the missing time-stamp tokens of the young seals: walks the chain back from `head` by each
 * seal's `previous.key` while sealedAt lies within the grace of `now`, and asks the TSA for a token
 * over the EXACT stored bytes of every seal that has no `<seal key>.tsr` yet; the token is written
 * create-only beside it (Object Lock on S3, as every put). New seals and those a failed run left
 * behind are the same case, so a TSA that was down delays tokens, never seals.
 *
 * The first TSA failure ends the pass (a TSA that is down would time out once per seal); a seal
 * that cannot be read ends it too (verify reports a broken chain; stamping it would not mend it).
 *
 * @example const stamped = await stampSeals(store, run.head, { tsaUrl: 'https://tsa.example/tsr' }, { now: new Date() });
 */
export async function stampSeals(store: EvidenceStore, head: ChainHead | undefined, options: TimestampOptions, context: StampContext): Promise<StampResult> {
  const tsa = timestampAuthority(options.tsaUrl, options.timeoutMs);
  const oldest = context.now.getTime() - (options.graceMs ?? DEFAULT_TIMESTAMP_GRACE_MS);
  const result: StampResult = { added: [], missing: 0 };
  let key: string | undefined = head?.key;
  while (key !== undefined) {
    const read = await readSeal(store, key).catch(() => undefined);
    if (!read) break;
    const { seal, bytes } = read;
    if (!seal.sealedAt || Date.parse(seal.sealedAt) < oldest) break;
    const tokenKey = timestampKey(key);
    if (!(await store.get(tokenKey))) {
      if (result.failed || (context.deadline !== undefined && Date.now() >= context.deadline)) result.missing++;
      else {
        try {
          await store.put(tokenKey, await requestTimestamp(tsa, bytes));
          result.added.push(tokenKey);
        } catch (error) {
          if (!(error instanceof TimestampAuthorityError)) throw error;
          result.failed = { sealKey: key, reason: error.reason, message: error.message };
          result.missing++;
        }
      }
    }
    key = seal.previous?.key;
  }
  return result;
}
