import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expandInputPaths, readInputs } from '../../lib/cli/inputs.ts';

const record = (id: string) => ({
  eventVersion: '1.08', eventID: id, eventTime: '2026-11-02T10:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress',
  awsRegion: 'us-east-1', recipientAccountId: '111122223333', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/a' },
  requestParameters: { groupId: 'sg-1' }, responseElements: null,
});

describe('reading input files', () => {
  it('walks directories for event files, sorted, and reads gzipped CloudTrail log files as delivered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trailproof-inputs-'));
    await writeFile(join(dir, 'b.json.gz'), gzipSync(JSON.stringify({ Records: [record('e-2'), record('e-3')] })));
    await writeFile(join(dir, 'a.jsonl'), `${JSON.stringify(record('e-1'))}\n`);
    await writeFile(join(dir, 'notes.txt'), 'not an event');

    expect((await expandInputPaths([dir])).map((p) => p.slice(dir.length + 1))).toEqual(['a.jsonl', 'b.json.gz']);
    const parsed = await readInputs([dir]);
    expect(parsed.map((p) => (p.ok === true ? p.trigger.info.eventId : p.ok))).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it('reports a file that is not gzip as one invalid input, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trailproof-inputs-'));
    await writeFile(join(dir, 'broken.json.gz'), 'plain text');
    const [input] = await readInputs([join(dir, 'broken.json.gz')]);
    expect(input).toMatchObject({ ok: false, source: join(dir, 'broken.json.gz') });
    expect(input).toMatchObject({ error: { code: 'UNREADABLE', field: join(dir, 'broken.json.gz') } });
  });
});
