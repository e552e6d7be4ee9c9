import { describe, expect, it } from 'vitest';
import { verificationProblem } from '../../lib/evidence/verification-codes.ts';
import { buildReportModel } from '../../lib/report/model.ts';
import { citationToken, observationUuid, renderOscal } from '../../lib/report/oscal.ts';
import { uuidV5 } from '../../lib/report/uuid.ts';
import { requirementCitations } from '../../lib/model/hipaa.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

// Patterns of the OSCAL 1.1.2 JSON schema's datatypes, checked by hand (no schema download).
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
const DATE_TIME_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const STRING = /^\S(.*\S)?$/;

// The documents under test are untyped JSON; the assertions are the types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function requireKeys(object: Json, keys: string[], where: string): void {
  for (const key of keys) expect(object, `${where} lacks ${key}`).toHaveProperty([key]);
}

/** Walks the document: OSCAL arrays are never empty, props are well-formed everywhere. */
function checkEverywhere(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    expect(value.length, `${path} is an empty array`).toBeGreaterThan(0);
    value.forEach((v, i) => checkEverywhere(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'props') {
        for (const p of v as Json[]) {
          expect(p.name).toMatch(TOKEN);
          expect(p.value, `${path}.props ${p.name}`).toMatch(STRING);
          expect(p.ns).toMatch(/^https:\/\//);
        }
      }
      if (k === 'uuid' || k.endsWith('-uuid')) expect(v, `${path}.${k}`).toMatch(UUID);
      checkEverywhere(v, `${path}.${k}`);
    }
  }
}

const OPTIONS = { generatedAt: '2026-04-01T00:00:00.000Z', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', checks: CHECKS };

function sampleModel() {
  const records = [
    makeRecord({ seed: 'a', check: 'iam-user-console-mfa', resourceId: 'alice', result: 'fail', observedAt: '2026-03-02T00:00:00Z' }),
    makeRecord({ seed: 'b', check: 'iam-user-console-mfa', resourceId: 'alice', result: 'pass', observedAt: '2026-03-01T00:00:00Z' }),
    makeRecord({ seed: 'c', check: 'ec2-sg-no-public-admin-ports', resourceId: ' sg-1\n<b>', result: 'pass' }),
  ];
  const key = (i: number) => `records/v1/2026/03/02/10/${records[i]!.check.id}/${records[i]!.id}.json`;
  const stored = records.map((record, i) => ({ key: key(i), record }));
  return { records, model: buildReportModel(stored, new Map([[records[0]!.id, { ok: false, errors: [verificationProblem('SIGNATURE_INVALID', { keyId: 'sha256:abc' })] }]]), OPTIONS) };
}

describe('renderOscal', () => {
  it('has every field OSCAL 1.1.2 assessment-results requires, with valid datatypes', () => {
    // Prepare
    const { model } = sampleModel();

    // Act
    const doc = renderOscal(model)['assessment-results'] as Json;

    // Assess
    requireKeys(doc, ['uuid', 'metadata', 'import-ap', 'results'], 'assessment-results');
    requireKeys(doc.metadata, ['title', 'last-modified', 'version', 'oscal-version'], 'metadata');
    expect(doc.metadata['oscal-version']).toBe('1.1.2');
    expect(doc.metadata['last-modified']).toMatch(DATE_TIME_TZ);
    expect(doc['import-ap'].href).toEqual(expect.any(String));
    expect(doc.results).toHaveLength(1);
    const result = doc.results[0];
    requireKeys(result, ['uuid', 'title', 'description', 'start', 'reviewed-controls', 'observations', 'findings'], 'result');
    expect(result.start).toBe('2026-03-01T00:00:00.000Z');
    expect(result.end).toBe('2026-04-01T00:00:00.000Z');
    expect(result['reviewed-controls']['control-selections'][0]['include-controls'].map((c: Json) => c['control-id'])).toContain('hipaa-164.312_d');
    for (const o of result.observations) {
      requireKeys(o, ['uuid', 'description', 'methods', 'collected', 'subjects', 'relevant-evidence'], 'observation');
      expect(o.methods).toEqual(['TEST']);
      expect(o.collected).toMatch(DATE_TIME_TZ);
      expect(o.title).not.toMatch(/\n/);
      for (const s of o.subjects) requireKeys(s, ['subject-uuid', 'type'], 'subject');
      for (const e of o['relevant-evidence']) requireKeys(e, ['description'], 'relevant-evidence');
    }
    for (const f of result.findings) {
      requireKeys(f, ['uuid', 'title', 'description', 'target'], 'finding');
      requireKeys(f.target, ['type', 'target-id', 'status'], 'finding.target');
      expect(['statement-id', 'objective-id']).toContain(f.target.type);
      expect(f.target['target-id']).toMatch(TOKEN);
      expect(['satisfied', 'not-satisfied']).toContain(f.target.status.state);
    }
    checkEverywhere(doc, 'assessment-results');
  });

  it('makes one observation per record, with a uuid derived from the record id', () => {
    const { model, records } = sampleModel();

    const observations = (renderOscal(model)['assessment-results'] as Json).results[0].observations as Json[];

    expect(observations.map((o) => o.uuid).sort()).toEqual(records.map((r) => uuidV5(`observation:${r.id}`)).sort());
    const alice = observations.find((o) => o.uuid === observationUuid(records[0]!.id))!;
    expect(alice.collected).toBe(records[0]!.collectedAt);
    expect(alice.types).toEqual(['finding']);
    expect(alice['relevant-evidence'][0].href).toBe(`records/v1/2026/03/02/10/iam-user-console-mfa/${records[0]!.id}.json`);
    expect(alice['relevant-evidence'][0].description).toMatch(/FAILED \(.* \[SIGNATURE_INVALID\]\)/);
    expect(alice.props).toContainEqual({ name: 'result', ns: 'https://trailproof.dev/ns/oscal', value: 'fail' });
    expect(alice.props).toContainEqual({ name: 'check-family', ns: 'https://trailproof.dev/ns/oscal', value: 'mfa' });
  });

  it('is deterministic: the same evidence gives the same document', () => {
    expect(JSON.stringify(renderOscal(sampleModel().model))).toBe(JSON.stringify(renderOscal(sampleModel().model)));
  });

  it('states each citation from the latest record per resource, current and proposed apart', () => {
    const { model, records } = sampleModel();

    const findings = (renderOscal(model)['assessment-results'] as Json).results[0].findings as Json[];
    const byTarget = Object.fromEntries(findings.map((f) => [f.target['target-id'], f]));

    expect(byTarget['hipaa-164.312_d'].target.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
    expect(byTarget['hipaa-164.312_d'].title).toBe('HIPAA 45 CFR 164.312(d)');
    // alice's latest record (the fail) is related; her older pass is not.
    expect(byTarget['hipaa-164.312_d']['related-observations']).toEqual([{ 'observation-uuid': observationUuid(records[0]!.id) }]);
    // The fixture's bare 164.312(f) (older metadata) is no paragraph the citation table confirms.
    expect(byTarget['hipaa-proposed-164.312_f'].title).toBe('HIPAA 45 CFR 164.312(f) (2025 proposed rule, unconfirmed)');
    expect(byTarget['hipaa-164.312_e_1'].target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(byTarget['hipaa-164.312_b'].target.status).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    expect(byTarget['hipaa-164.312_b']).not.toHaveProperty('related-observations');
  });

  it('points every subject at a back-matter resource', () => {
    const doc = renderOscal(sampleModel().model)['assessment-results'] as Json;

    const resources = new Set((doc['back-matter'].resources as Json[]).map((r) => r.uuid));
    const subjects = (doc.results[0].observations as Json[]).flatMap((o) => o.subjects.map((s: Json) => s['subject-uuid']));

    expect(subjects.every((s) => resources.has(s))).toBe(true);
    expect(resources.size).toBe(2);
  });

  it('stays valid for an empty period, where every requirement is a finding without evidence', () => {
    const doc = renderOscal(buildReportModel([], new Map(), { ...OPTIONS, checks: [] }))['assessment-results'] as Json;

    const selected = doc.results[0]['reviewed-controls']['control-selections'][0]['include-controls'] as Json[];
    expect(selected.map((c) => c['control-id'])).toEqual(requirementCitations().map((r) => citationToken(r.citation, r.rule)));
    expect(new Set((doc.results[0].findings as Json[]).map((f) => `${f.target.status.state}/${f.target.status.reason}`))).toEqual(new Set(['not-satisfied/other']));
    expect(doc.results[0]).not.toHaveProperty('observations');
    checkEverywhere(doc, 'assessment-results');
  });
});

describe('citationToken and uuidV5', () => {
  it('turns citations into OSCAL tokens', () => {
    expect(citationToken('164.312(a)(2)(iv)')).toBe('hipaa-164.312_a_2_iv');
    expect(citationToken('164.312(a)(2)(vi)', 'proposed')).toBe('hipaa-proposed-164.312_a_2_vi');
    expect(citationToken('164.308(a)(1)(ii)(D)')).toMatch(TOKEN);
  });

  it('computes RFC 9562 version 5 uuids', () => {
    // The RFC's example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
