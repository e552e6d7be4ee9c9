// A fake S3 endpoint on loopback for the s3:// benchmarks: a node:http server answering PutObject
// (If-None-Match), GetObject, HeadObject (Object Lock headers), ListObjectsV2 and ListObjectVersions
// from memory, every request delayed by BENCH_S3_LATENCY_MS (default 20) like a real bucket's round
// trip. It runs in its own process (its CPU is not the client's) and counts requests by operation.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

interface StoredObject { bytes: Buffer; etag: string; lock?: string; retainUntil?: string }

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ROOT = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function serve(latencyMs: number): void {
  const objects = new Map<string, StoredObject>();
  let sorted: string[] | undefined;
  const counts: Record<string, number> = {};
  /** Keys with `prefix`, sorted, strictly after `after`: a binary search, as S3 pages them. */
  const keysAfter = (prefix: string, after: string, max: number): { keys: string[]; truncated: boolean } => {
    sorted ??= [...objects.keys()].sort();
    const from = after >= prefix ? `${after}\u0000` : prefix;
    let lo = 0;
    for (let hi = sorted.length; lo < hi;) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    const keys: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
      if (keys.length === max) return { keys, truncated: true };
      keys.push(sorted[i]!);
    }
    return { keys, truncated: false };
  };
  const entry = (tag: string, key: string, o: StoredObject, extra = '') =>
    `<${tag}><Key>${xml(key)}</Key>${extra}<LastModified>2026-05-01T00:00:00.000Z</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.bytes.length}</Size><StorageClass>STANDARD</StorageClass></${tag}>`;
  const reply = (res: ServerResponse, status: number, body: string | Buffer = '', headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'application/xml' : 'application/octet-stream', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
  const error = (res: ServerResponse, status: number, code: string) => reply(res, status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url!, 'http://localhost');
    const [, , ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const q = url.searchParams;
    if (req.method === 'PUT') {
      counts.PUT = (counts.PUT ?? 0) + 1;
      if (req.headers['if-none-match'] === '*' && objects.has(key)) return error(res, 412, 'PreconditionFailed');
      const etag = createHash('md5').update(body).digest('hex');
      objects.set(key, { bytes: body, etag, lock: req.headers['x-amz-object-lock-mode'] as string, retainUntil: req.headers['x-amz-object-lock-retain-until-date'] as string });
      sorted = undefined;
      return reply(res, 200, '', { etag: `"${etag}"` });
    }
    if (key === '' && q.has('versions')) {
      counts.LIST_VERSIONS = (counts.LIST_VERSIONS ?? 0) + 1;
      const { keys, truncated } = keysAfter(q.get('prefix') ?? '', q.get('key-marker') ?? '', 1000);
      const versions = keys.map((k) => entry('Version', k, objects.get(k)!, '<VersionId>v1</VersionId><IsLatest>true</IsLatest>')).join('');
      const next = truncated ? `<NextKeyMarker>${xml(keys.at(-1)!)}</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker>` : '';
      return reply(res, 200, `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ${ROOT}><Name>b</Name><Prefix>${xml(q.get('prefix') ?? '')}</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${versions}</ListVersionsResult>`);
    }
    if (key === '') {
      counts.LIST = (counts.LIST ?? 0) + 1;
      const token = q.get('continuation-token');
      const max = Math.min(1000, Number(q.get('max-keys') ?? 1000));
      const { keys, truncated } = keysAfter(q.get('prefix') ?? '', token ? Buffer.from(token, 'base64url').toString() : (q.get('start-after') ?? ''), max);
      const next = truncated ? `<NextContinuationToken>${Buffer.from(keys.at(-1)!).toString('base64url')}</NextContinuationToken>` : '';
      const contents = keys.map((k) => entry('Contents', k, objects.get(k)!)).join('');
      return reply(res, 200, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult ${ROOT}><Name>b</Name><Prefix>${xml(q.get('prefix') ?? '')}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`);
    }
    const object = objects.get(key);
    counts[req.method!] = (counts[req.method!] ?? 0) + 1;
    if (!object) return req.method === 'HEAD' ? reply(res, 404) : error(res, 404, 'NoSuchKey');
    const headers = { etag: `"${object.etag}"`, ...(object.lock ? { 'x-amz-object-lock-mode': object.lock, 'x-amz-object-lock-retain-until-date': object.retainUntil! } : {}) };
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...headers, 'content-length': String(object.bytes.length) });
      return res.end();
    }
    return reply(res, 200, object.bytes, headers);
  };

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      if (req.url === '/__counts') return reply(res, 200, JSON.stringify(counts));
      setTimeout(() => handle(req, res, Buffer.concat(parts)), latencyMs);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
}

/** A running fake S3: its endpoint, the requests it answered by operation, and a way to stop it. */
export interface FakeS3 {
  endpoint: string;
  counts(): Promise<Record<string, number>>;
  close(): void;
}

/** Starts the fake S3 in a child process on 127.0.0.1 (loopback only) and resolves once it listens. */
export function launchFakeS3(latencyMs = Number(process.env.BENCH_S3_LATENCY_MS ?? 20)): Promise<FakeS3> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data: Buffer) => {
      const endpoint = `http://127.0.0.1:${(JSON.parse(data.toString()) as { port: number }).port}`;
      resolve({
        endpoint,
        counts: async () => (await (await fetch(`${endpoint}/__counts`)).json()) as Record<string, number>,
        close: () => child.kill(),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) serve(Number(process.argv[2] ?? 20));
