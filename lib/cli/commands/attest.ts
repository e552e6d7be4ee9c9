import type { Command } from 'commander';
import { refusingBadInput } from '../bad-input.ts';
import { recordAttestation } from '../ledger-store.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';
import { signerFor } from './seal.ts';

interface AttestOptions {
  store: string;
  key: string;
  citation: string;
  rule?: string;
  statement: string;
  by: string;
  file?: string;
  expires?: string;
  json?: boolean;
}

/**
 * `trailproof attest`: records a signed attestation that a HIPAA requirement no check automates
 * is met (a penetration test, a risk analysis), by whom and until when, with a file as evidence
 * (its SHA-256 signed in the attestation, the file stored under attachments/ by that hash).
 * Exit 0 when written, 2 for bad input (the field is named; nothing is written), 1 when fatal.
 */
export function registerAttest(program: Command): void {
  program
    .command('attest')
    .description('record a signed attestation of a HIPAA requirement, with an optional file as evidence')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--key <pem|kms-arn>', 'PEM private key or KMS key ARN that signs the attestation')
    .requiredOption('--citation <citation>', 'a citation of the current rule or of the 2025 proposal, e.g. 164.312(h)(2)(iii)')
    .option('--rule <rule>', 'current or proposed: needed only when the number names a paragraph in both')
    .requiredOption('--statement <text>', 'what is attested')
    .requiredOption('--by <who>', 'who attests')
    .option('--file <path>', 'a file of evidence (a report, a scan): its SHA-256 is signed and it is stored by it')
    .option('--expires <time>', 'ISO 8601, in the future: after it the requirement has no evidence again')
    .option('--json', 'print {key, document, attachment} as JSON')
    .action(
      refusingBadInput('attest', async (options: AttestOptions) => {
        const store = await openStore(options.store);
        const signer = await signerFor(options.key);
        const written = await recordAttestation(store, signer, {
          citation: options.citation,
          statement: options.statement,
          by: options.by,
          ...(options.rule ? { rule: options.rule } : {}),
          ...(options.file ? { file: options.file } : {}),
          ...(options.expires ? { expires: options.expires } : {}),
        });
        const d = written.document;
        const file = d.attachment ? `, file ${d.attachment.name} (sha256 ${d.attachment.sha256}) at ${written.attachment}` : '';
        process.stdout.write(
          options.json
            ? `${JSON.stringify(written, null, 2)}\n`
            : `attestation ${d.id} of ${d.citation.id} (${d.citation.rule} rule) by ${d.attestedBy}${d.expiresAt ? ` until ${d.expiresAt}` : ''}${file}\nwrote ${written.key}\n`,
        );
        process.exitCode = EXIT.ok;
      }),
    );
}
