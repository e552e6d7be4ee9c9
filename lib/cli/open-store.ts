import { DirectoryStore } from '../store/directory.ts';
import type { EvidenceStore } from '../store/types.ts';

/**
 * `--store DIR` or `--store s3://bucket/prefix` (with TRAILPROOF_S3_ENDPOINT for S3-compatible
 * servers). The S3 store, and with it the S3 SDK, is loaded only for an s3:// location: verifying
 * a directory offline loads no AWS SDK at all.
 *
 * @example const store = await openStore('./evidence');
 */
export async function openStore(location: string): Promise<EvidenceStore> {
  if (location.startsWith('s3://')) {
    const { s3StoreFromUrl } = await import('../store/s3.ts');
    const endpoint = process.env.TRAILPROOF_S3_ENDPOINT;
    return s3StoreFromUrl(location, endpoint ? { endpoint } : {});
  }
  return new DirectoryStore(location);
}
