import { hash } from 'node:crypto';
import { ParseError } from '../errors.ts';
import { citationTitle, type HipaaRule } from '../model/hipaa.ts';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { canonicalJson } from './canonical.ts';
import {
  ATTESTATION_SCHEMA,
  EXCEPTION_KINDS,
  EXCEPTION_SCHEMA,
  REVOCATION_SCHEMA,
  type AttestationDocument,
  type ExceptionDocument,
  type ExceptionKind,
  type LedgerDocument,
  type RevocationDocument,
  type Unsigned,
  type UnsignedLedgerDocument,
} from './ledger-types.ts';

/**
 * Builds the audit workflow's documents from what a person typed, refusing bad input before
 * anything is signed or written: every refusal is a ParseError naming the command-line field at
 * fault (`--expires`, `--approver`, ...) and a stable code, so `trailproof except` and
 * `trailproof attest` exit 2 and write nothing.
 */

const ACCOUNT = /^\d{12}$/;
/** What a document's id is computed from: everything but the id, the collector and the signature. */
type Content<D extends LedgerDocument> = Omit<Unsigned<D>, 'id' | 'collector'>;
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The id of a ledger document: the first 32 hex characters of SHA-256 over the JCS of its content
 * (without id, collector and integrity), so the same content always gets the same id and a retried
 * write is recognised.
 */
export function ledgerDocumentId(content: object): string {
  const { id: _id, collector: _collector, integrity: _integrity, ...rest } = content as Record<string, unknown>;
  return hash('sha256', canonicalJson(rest), 'hex').slice(0, 32);
}

/** The collector member of a document written by `function` (the CLI command or the Lambda). */
export function ledgerCollector(collectorFunction: string): UnsignedLedgerDocument['collector'] {
  return { name: 'trailproof', version: COLLECTOR_VERSION, function: collectorFunction };
}

/** A required text: trimmed, not empty. */
function requiredText(field: string, value: string | undefined): string {
  const text = value?.trim();
  if (!text) throw new ParseError(field, 'MISSING_FIELD', 'give a non-empty value');
  return text;
}

function optionalText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** An ISO 8601 time from the command line; INVALID_TIME naming the field otherwise. */
function time(field: string, text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) throw new ParseError(field, 'INVALID_TIME', `not an ISO 8601 time: ${JSON.stringify(text)}`);
  return date;
}

/** What `trailproof except` asks for. */
export interface ExceptionRequest {
  check: string;
  resource: string;
  account?: string;
  region?: string;
  kind?: string;
  reason: string;
  approver: string;
  ticket?: string;
  /** ISO 8601, later than now. */
  expires: string;
  /** ISO 8601, before `expires`; default now. */
  effectiveFrom?: string;
}

/**
 * An unsigned exception from a request.
 *
 * @param isKnownCheck whether a check id is in the registry (an exception to a check that does
 *   not exist would never apply, and is almost certainly a typo).
 * @throws ParseError naming the field: unknown check, empty resource, reason or approver, a kind
 *   that is not one of EXCEPTION_KINDS, an expiry that is not after now (or not after the start).
 * @example buildException({ check: 'rds-instance-not-public', resource: 'db-1', reason, approver: 'ciso@clinic', expires: '2027-01-31T00:00:00Z' }, (id) => ids.has(id), new Date())
 */
export function buildException(request: ExceptionRequest, isKnownCheck: (id: string) => boolean, now: Date, collectorFunction = 'cli'): Unsigned<ExceptionDocument> {
  const check = requiredText('--check', request.check);
  if (!isKnownCheck(check)) throw new ParseError('--check', 'INVALID_VALUE', `no check ${JSON.stringify(check)} in the registry (trailproof list shows the ids of checks with records)`);
  const resource = requiredText('--resource', request.resource);
  if (request.account !== undefined && !ACCOUNT.test(request.account)) throw new ParseError('--account', 'INVALID_ACCOUNT', request.account);
  if (request.region !== undefined && !REGION.test(request.region)) throw new ParseError('--region', 'INVALID_VALUE', `not a region: ${request.region}`);
  const kind = request.kind ?? 'risk-accepted';
  if (!(EXCEPTION_KINDS as readonly string[]).includes(kind)) throw new ParseError('--kind', 'INVALID_VALUE', `must be one of ${EXCEPTION_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  const reason = requiredText('--reason', request.reason);
  const approver = requiredText('--approver', request.approver);
  const expires = time('--expires', requiredText('--expires', request.expires));
  if (expires <= now) throw new ParseError('--expires', 'INVALID_VALUE', `${expires.toISOString()} is not in the future (now ${now.toISOString()}): an exception that has expired would never apply`);
  const from = request.effectiveFrom === undefined ? now : time('--effective-from', request.effectiveFrom);
  if (from >= expires) throw new ParseError('--effective-from', 'INVALID_VALUE', `${from.toISOString()} is not before --expires ${expires.toISOString()}`);
  const ticket = optionalText(request.ticket);
  const content: Content<ExceptionDocument> = {
    schema: EXCEPTION_SCHEMA,
    check: { id: check },
    resource: { id: resource, ...(request.account ? { account: request.account } : {}), ...(request.region ? { region: request.region } : {}) },
    kind: kind as ExceptionKind,
    reason,
    approver,
    ...(ticket ? { ticket } : {}),
    effectiveFrom: from.toISOString(),
    expiresAt: expires.toISOString(),
    createdAt: now.toISOString(),
  };
  return { ...content, id: ledgerDocumentId(content), collector: ledgerCollector(collectorFunction) };
}

/**
 * An unsigned revocation of `exception`, effective now.
 *
 * @throws ParseError (`--revoke`) when the exception has already expired: nothing is left to end.
 */
export function buildRevocation(exception: ExceptionDocument, request: { reason?: string; approver?: string }, now: Date, collectorFunction = 'cli'): Unsigned<RevocationDocument> {
  if (Date.parse(exception.expiresAt) <= now.getTime()) {
    throw new ParseError('--revoke', 'INVALID_VALUE', `exception ${exception.id} expired at ${exception.expiresAt}: it no longer applies, there is nothing to revoke`);
  }
  const reason = optionalText(request.reason);
  const approver = optionalText(request.approver);
  const content: Content<RevocationDocument> = {
    schema: REVOCATION_SCHEMA,
    exception: { id: exception.id, check: exception.check.id, resource: exception.resource.id },
    ...(reason ? { reason } : {}),
    ...(approver ? { approver } : {}),
    revokedAt: now.toISOString(),
  };
  return { ...content, id: ledgerDocumentId(content), collector: ledgerCollector(collectorFunction) };
}

/** What `trailproof attest` asks for; the file is read by the caller and given as its facts. */
export interface AttestationRequest {
  citation: string;
  /** Which rule's table the citation is from; needed only when the number is in both. */
  rule?: string;
  statement: string;
  by: string;
  expires?: string;
  attachment?: { sha256: string; name: string; bytes: number };
}

/** The rule of a citation: the one asked for, else the only table that holds it. */
function ruleOf(citation: string, rule: string | undefined): HipaaRule {
  if (rule !== undefined) {
    if (rule !== 'current' && rule !== 'proposed') throw new ParseError('--rule', 'INVALID_VALUE', `must be current or proposed, got ${JSON.stringify(rule)}`);
    if (citationTitle(citation, rule) === undefined) throw new ParseError('--citation', 'INVALID_VALUE', `${citation} is not a ${rule}-rule citation of lib/model/hipaa.ts`);
    return rule;
  }
  const rules = (['current', 'proposed'] as const).filter((r) => citationTitle(citation, r) !== undefined);
  if (rules.length === 0) throw new ParseError('--citation', 'INVALID_VALUE', `${citation} is in neither rule's table (lib/model/hipaa.ts)`);
  if (rules.length > 1) throw new ParseError('--rule', 'MISSING_FIELD', `${citation} names a paragraph of the current rule and another of the 2025 proposal: say which with --rule current or --rule proposed`);
  return rules[0]!;
}

/**
 * An unsigned attestation from a request.
 *
 * @throws ParseError naming the field: a citation neither table holds (or in both without
 *   --rule), an empty statement or attester, an expiry that is not after now.
 */
export function buildAttestation(request: AttestationRequest, now: Date, collectorFunction = 'cli'): Unsigned<AttestationDocument> {
  const citation = requiredText('--citation', request.citation);
  const rule = ruleOf(citation, request.rule);
  const statement = requiredText('--statement', request.statement);
  const attestedBy = requiredText('--by', request.by);
  let expiresAt: string | undefined;
  if (request.expires !== undefined) {
    const expires = time('--expires', request.expires);
    if (expires <= now) throw new ParseError('--expires', 'INVALID_VALUE', `${expires.toISOString()} is not in the future (now ${now.toISOString()})`);
    expiresAt = expires.toISOString();
  }
  const content: Content<AttestationDocument> = {
    schema: ATTESTATION_SCHEMA,
    citation: { rule, id: citation },
    statement,
    attestedBy,
    attestedAt: now.toISOString(),
    ...(expiresAt ? { expiresAt } : {}),
    ...(request.attachment ? { attachment: request.attachment } : {}),
  };
  return { ...content, id: ledgerDocumentId(content), collector: ledgerCollector(collectorFunction) };
}
