import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { fingerprint, generateKeyPair } from '../../evidence/keys.ts';

/** Write a fresh P-256 key pair: the private key readable by its owner only. */
export async function writeKeyPair(dir: string): Promise<{ privatePath: string; publicPath: string; keyId: string }> {
  await mkdir(dir, { recursive: true });
  const { privatePem, publicPem } = generateKeyPair();
  const privatePath = join(dir, 'signing-key.pem');
  const publicPath = join(dir, 'signing-key.pub.pem');
  await writeFile(privatePath, privatePem, { mode: 0o600, flag: 'wx' });
  await chmod(privatePath, 0o600);
  await writeFile(publicPath, publicPem, { flag: 'wx' });
  return { privatePath, publicPath, keyId: fingerprint(publicPem) };
}

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('create an ECDSA P-256 signing key pair for local collection')
    .requiredOption('--out <dir>', 'directory for signing-key.pem and signing-key.pub.pem')
    .action(async (options: { out: string }) => {
      const { privatePath, publicPath, keyId } = await writeKeyPair(options.out);
      process.stdout.write(`private key: ${privatePath}\npublic key:  ${publicPath}\nkey id:      ${keyId}\n`);
    });
}
