import type { Command } from 'commander';
import { allMetadata } from '../../checks/registry.ts';
import { EXCEPTION_KINDS } from '../../evidence/ledger-types.ts';
import { refusingBadInput } from '../bad-input.ts';
import { recordException, revokeException } from '../ledger-store.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';
import { signerFor } from './seal.ts';

interface ExceptOptions {
  store: string;
  key: string;
  check?: string;
  resource?: string;
  account?: string;
  region?: string;
  reason?: string;
  approver?: string;
  expires?: string;
  effectiveFrom?: string;
  kind?: string;
  ticket?: string;
  revoke?: string;
  json?: boolean;
}

/**
 * `trailproof except`: records a signed, time-boxed exception to one check on one resource (a
 * fail in its window is reported as excepted, never hidden), or with `--revoke ID` ends one early.
 * Exit 0 when written, 2 for bad input (the field is named; nothing is written), 1 when fatal.
 */
export function registerExcept(program: Command): void {
  program
    .command('except')
    .description('record a signed exception to a check on a resource (reported as excepted, never hidden), or revoke one')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--key <pem|kms-arn>', 'PEM private key or KMS key ARN that signs the exception')
    .option('--check <id>', 'the check id (as in the registry and reports)')
    .option('--resource <id>', "a record's resource id or ARN, exactly")
    .option('--account <id>', 'only records of this account')
    .option('--region <region>', 'only records of this region')
    .option('--reason <text>', 'why the fail is accepted')
    .option('--approver <who>', 'who approved it')
    .option('--expires <time>', 'ISO 8601, in the future: the exception no longer applies after it')
    .option('--effective-from <time>', 'ISO 8601 start of the window (default now; an earlier start is signed as given, beside the signing time)')
    .option('--kind <kind>', `one of ${EXCEPTION_KINDS.join(', ')}`, 'risk-accepted')
    .option('--ticket <id>', 'the change or risk ticket holding the approval')
    .option('--revoke <exception-id>', 'instead: end this exception now (with --reason and --approver, optional)')
    .option('--json', 'print {key, document} as JSON')
    .action(
      refusingBadInput('except', async (options: ExceptOptions) => {
        const known = new Set(allMetadata().map((m) => m.id));
        const store = await openStore(options.store);
        const signer = await signerFor(options.key);
        if (options.revoke !== undefined) {
          const revoked = await revokeException(store, signer, options.revoke, { ...(options.reason ? { reason: options.reason } : {}), ...(options.approver ? { approver: options.approver } : {}) });
          print(options.json, revoked, `revoked exception ${revoked.document.exception.id} (${revoked.document.exception.check} on ${revoked.document.exception.resource}) as of ${revoked.document.revokedAt}`);
          return;
        }
        // A flag left out is refused by the builder like an empty one: MISSING_FIELD naming it, exit 2.
        const written = await recordException(
          store,
          signer,
          {
            check: options.check ?? '',
            resource: options.resource ?? '',
            reason: options.reason ?? '',
            approver: options.approver ?? '',
            expires: options.expires ?? '',
            ...(options.account ? { account: options.account } : {}),
            ...(options.region ? { region: options.region } : {}),
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.ticket ? { ticket: options.ticket } : {}),
            ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}),
          },
          (id) => known.has(id),
        );
        const d = written.document;
        print(options.json, written, `exception ${d.id} (${d.kind}) to ${d.check.id} on ${d.resource.id}, approved by ${d.approver}, from ${d.effectiveFrom} until ${d.expiresAt}`);
      }),
    );
}

function print(json: boolean | undefined, written: { key: string; document: unknown }, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(written, null, 2)}\n` : `${text}\nwrote ${written.key}\n`);
  process.exitCode = EXIT.ok;
}
