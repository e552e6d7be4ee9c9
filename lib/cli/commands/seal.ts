import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { LocalKeySigner } from '../../signers/local.ts';
import type { Signer } from '../../evidence/types.ts';
import { DEFAULT_MAX_HOURS, runSealer, timestampSeals, type SealRunResult } from '../../seal/seal-pending.ts';
import type { StampResult } from '../../seal/timestamp-seals.ts';
import { timestampAuthority } from '../../timestamp/authority.ts';
import { DEFAULT_TIMESTAMP_GRACE_MS } from '../../seal/types.ts';
import { formatDuration, parseDuration } from '../../util/duration.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface SealOptions {
  store: string;
  key: string;
  through?: string;
  tsa?: string;
  timestampGrace: string;
}

/**
 * The signer `--key` names: a KMS key ARN (`arn:aws:kms:<region>:...`, signing in KMS, in the
 * key's region) or the path of a PEM private key.
 */
export async function signerFor(key: string): Promise<Signer> {
  const arn = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key|alias)\/.+$/.exec(key);
  if (arn) {
    // The KMS SDK loads only for a KMS key: sealing with a PEM key needs no AWS SDK.
    const [{ KMSClient }, { KmsSigner }] = await Promise.all([import('@aws-sdk/client-kms'), import('../../signers/kms.ts')]);
    return new KmsSigner(new KMSClient({ region: arn[1]! }), key);
  }
  if (key.startsWith('arn:')) throw new ConfigError(`--key ${key} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
  return LocalKeySigner.fromPem(await readFile(key, 'utf8'));
}

/**
 * Seals until caught up: runs of at most 168 hours each (the Lambda's bound), as many as needed,
 * so an operator's `trailproof seal` after a long outage finishes the job in one command.
 */
async function sealUntilDone(store: EvidenceStore, signer: Signer, through: 'closed' | 'now'): Promise<SealRunResult> {
  const total: SealRunResult = { sealed: [], lostRaces: 0, remaining: 0, skipped: [] };
  for (;;) {
    const run = await runSealer(store, signer, { through, maxHours: DEFAULT_MAX_HOURS });
    total.sealed.push(...run.sealed);
    total.skipped.push(...run.skipped);
    total.lostRaces += run.lostRaces;
    total.remaining = run.remaining;
    if (run.head) total.head = run.head;
    if (run.remaining === 0 || run.sealed.length === 0) return total;
  }
}

/** What stamping did, for the operator: each token written, and why the TSA gave none (the next run retries). */
function writeStamps(stamped: StampResult): void {
  for (const key of stamped.added) process.stdout.write(`time-stamped ${key}\n`);
  if (stamped.failed) {
    process.stderr.write(`warning: no time-stamp token for ${stamped.failed.sealKey} [TSA_${stamped.failed.reason}]: ${stamped.failed.message}\n`);
  }
  if (stamped.missing > 0) process.stderr.write(`warning: ${stamped.missing} seal(s) still without a time-stamp token; a later seal run adds them\n`);
}

export function registerSeal(program: Command): void {
  program
    .command('seal')
    .description('seal every closed hour of writes (hourly seals listing every record object, chained); the deployed function does this each hour')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--key <pem|arn>', 'PEM private key (ECDSA P-256), or a KMS key ARN (ECC_NIST_P256)')
    .option(
      '--through <when>',
      '"now": also seal the current, still open hour. Trade-off: a record written later in this hour lands under a sealed hour and verify reports it as late',
    )
    .option('--tsa <url>', 'an RFC 3161 time-stamping authority (http or https): each new seal, and each young seal without one, gets a token stored as <seal key>.tsr. A TSA that is down delays tokens, never seals')
    .option('--timestamp-grace <duration>', 'with --tsa: seals sealed longer ago than this get no token any more (verify rejects later tokens by the same bound)', formatDuration(DEFAULT_TIMESTAMP_GRACE_MS))
    .action(async (options: SealOptions) => {
      if (options.through !== undefined && options.through !== 'now') throw new ConfigError(`--through accepts only "now", got ${options.through}`);
      const graceMs = parseDuration(options.timestampGrace, '--timestamp-grace');
      if (options.tsa !== undefined) timestampAuthority(options.tsa); // a bad URL fails before anything is sealed
      const signer = await signerFor(options.key);
      const store = await openStore(options.store);
      const run = await sealUntilDone(store, signer, options.through === 'now' ? 'now' : 'closed');
      // Once, after every run: a long catch-up would otherwise walk its young seals again after each run.
      const stamped = options.tsa === undefined ? undefined : await timestampSeals(store, run.head, { tsaUrl: options.tsa, graceMs }, { now: new Date() });
      for (const s of run.skipped) process.stderr.write(`not a record, left out of its seal: ${s.key} (${s.reason})\n`);
      for (const s of run.sealed) {
        const part = s.part > 0 || !s.final ? ` (part ${s.part + 1}${s.final ? ', last' : ', continued in the next seal'})` : '';
        process.stdout.write(`sealed ${s.key}: ${s.window.start} .. ${s.window.end}${part}, ${s.records} records in ${s.objects} objects\n`);
      }
      if (run.lostRaces > 0) process.stdout.write(`${run.lostRaces} window(s) were sealed first by another sealer; continued from its seal\n`);
      const head = run.head ? `head: seal ${run.head.seq}, sealed through ${run.head.windowEnd.toISOString()}` : 'no records to seal yet';
      process.stdout.write(`${run.sealed.length} seal(s) written; ${head}\n`);
      if (stamped) writeStamps(stamped);
      process.exitCode = EXIT.ok;
    });
}
