/**
 * Reads every lib/checks/<id>/metadata.json straight from disk. The deploy generator must not depend on
 * the TypeScript registry compiling (checks are written concurrently), and the JSON files are the single
 * source of truth for triggers and read actions anyway.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../lib/errors.ts';
import { eventNameStem } from '../lib/model/event-name.ts';
import type { CheckMetadata, CheckReads, CloudTrailTrigger } from '../lib/model/check.ts';

/** The parts of a check's metadata the deploy config is generated from. */
export type DeployMetadata = Pick<CheckMetadata, 'id' | 'reads' | 'configRules'> & {
  triggers: { cloudtrail: CloudTrailTrigger[]; configResourceTypes: string[]; sweep: boolean };
};

/**
 * Verbs a read-only collector may hold. A metadata typo such as "s3:PutBucketPolicy" would otherwise
 * become a write permission in every collector role, so anything else is refused at generation time.
 * GenerateCredentialReport is the one non-Get verb: IAM only serves a credential report it generated.
 */
const READ_VERB = /^(Get|List|Describe|BatchGet|Lookup|Search)[A-Za-z0-9]*$|^GenerateCredentialReport$/;
const ACTION = /^([a-z0-9-]+):([A-Za-z0-9*]+)$/;

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new ParseError(field, 'WRONG_TYPE', 'must be an array of non-empty strings');
  }
  return value as string[];
}

function parseCloudTrailTrigger(value: unknown, field: string): CloudTrailTrigger {
  if (typeof value !== 'object' || value === null) throw new ParseError(field, 'WRONG_TYPE', 'must be an object');
  const raw = value as Record<string, unknown>;
  if (typeof raw.eventSource !== 'string' || !/^(\*|[a-z0-9.-]+\.amazonaws\.com)$/.test(raw.eventSource)) {
    throw new ParseError(`${field}.eventSource`, 'INVALID_VALUE', 'must be "*" or "<service>.amazonaws.com"');
  }
  const eventNames = stringList(raw.eventNames, `${field}.eventNames`);
  if (eventNames.length === 0) throw new ParseError(`${field}.eventNames`, 'INVALID_VALUE', 'must name at least one event (or "*")');
  eventNames.forEach((name, i) => {
    // The router compares stems: a versioned name listed here would never match anything.
    const stem = eventNameStem(name);
    if (stem !== name) throw new ParseError(`${field}.eventNames[${i}]`, 'INVALID_VALUE', `"${name}" carries an API version: list its stem "${stem}"`);
  });
  const trigger: CloudTrailTrigger = { eventSource: raw.eventSource, eventNames };
  if (raw.userIdentityTypes !== undefined) {
    trigger.userIdentityTypes = stringList(raw.userIdentityTypes, `${field}.userIdentityTypes`);
  }
  return trigger;
}

/**
 * `reads`: read-only IAM actions, each listed once, under `decide` (the verdict rests on it) or
 * `enrich` (it only adds to the record). The collector roles grant both.
 */
function parseReads(value: unknown, field: string): CheckReads {
  if (typeof value !== 'object' || value === null) throw new ParseError(field, 'WRONG_TYPE', 'must be an object with decide and enrich');
  const raw = value as Record<string, unknown>;
  const reads: CheckReads = { decide: stringList(raw.decide, `${field}.decide`), enrich: stringList(raw.enrich, `${field}.enrich`) };
  const seen = new Set<string>();
  for (const list of ['decide', 'enrich'] as const) {
    reads[list].forEach((action, i) => {
      const match = ACTION.exec(action);
      if (!match || !READ_VERB.test(match[2] ?? '')) throw new ParseError(`${field}.${list}[${i}]`, 'INVALID_VALUE', `"${action}" is not a read-only IAM action`);
      if (seen.has(action)) throw new ParseError(`${field}.${list}[${i}]`, 'INVALID_VALUE', `"${action}" is listed twice: a read either decides or enriches`);
      seen.add(action);
    });
  }
  return reads;
}

/**
 * Validates the deploy-relevant fields of one metadata document.
 *
 * @param value - the parsed JSON
 * @param folder - the check folder name, which must equal the id
 * @param origin - path used as the prefix of ParseError fields
 * @throws ParseError naming the offending field
 */
export function parseDeployMetadata(value: unknown, folder: string, origin: string): DeployMetadata {
  if (typeof value !== 'object' || value === null) throw new ParseError(origin, 'WRONG_TYPE', 'must be a JSON object');
  const raw = value as Record<string, unknown>;
  if (raw.id !== folder) throw new ParseError(`${origin}#id`, 'INVALID_VALUE', `must equal its folder name "${folder}"`);
  const triggers = raw.triggers as Record<string, unknown> | undefined;
  if (typeof triggers !== 'object' || triggers === null) throw new ParseError(`${origin}#triggers`, 'WRONG_TYPE', 'must be an object');
  if (!Array.isArray(triggers.cloudtrail)) throw new ParseError(`${origin}#triggers.cloudtrail`, 'WRONG_TYPE', 'must be an array');
  const cloudtrail = triggers.cloudtrail.map((t, i) => parseCloudTrailTrigger(t, `${origin}#triggers.cloudtrail[${i}]`));
  const configResourceTypes = stringList(triggers.configResourceTypes, `${origin}#triggers.configResourceTypes`);
  configResourceTypes.forEach((t, i) => {
    if (!/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(t)) {
      throw new ParseError(`${origin}#triggers.configResourceTypes[${i}]`, 'INVALID_VALUE', `"${t}" is not a resource type`);
    }
  });
  if (typeof triggers.sweep !== 'boolean') throw new ParseError(`${origin}#triggers.sweep`, 'WRONG_TYPE', 'must be a boolean');
  const reads = parseReads(raw.reads, `${origin}#reads`);
  const configRules = stringList(raw.configRules ?? [], `${origin}#configRules`);
  return { id: folder, triggers: { cloudtrail, configResourceTypes, sweep: triggers.sweep }, reads, configRules };
}

/**
 * Loads every check folder's metadata.json under `checksDir`, sorted by id so generated output is stable.
 * Folders without a metadata.json (e.g. shared helpers) are skipped.
 *
 * @example
 * const checks = loadDeployMetadata('lib/checks');
 */
export function loadDeployMetadata(checksDir: string): DeployMetadata[] {
  const folders = readdirSync(checksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(checksDir, d.name, 'metadata.json')))
    .map((d) => d.name)
    .sort();
  return folders.map((folder) => {
    const path = join(checksDir, folder, 'metadata.json');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ParseError(path, 'INVALID_JSON', (error as Error).message, { cause: error });
    }
    return parseDeployMetadata(json, folder, path);
  });
}
