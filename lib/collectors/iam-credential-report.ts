/**
 * Reading the IAM credential report: GenerateCredentialReport until IAM says COMPLETE, then
 * GetCredentialReport, polled a bounded number of times (IAM generates a report asynchronously and
 * serves one at most every four hours), and its CSV read strictly (iam-credential-csv.ts). Read
 * once per run: every credential check of a sweep shares one report.
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { ParseError } from '../errors.ts';
import type { ReadError } from '../model/check.ts';
import { parseCredentialReport, type CredentialReportUser } from './iam-credential-csv.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import type { CollectContext } from './types.ts';

/** How long to wait for IAM to finish a report. `sleep` is injectable so tests never wait. */
export interface CredentialReportPolling {
  /** GenerateCredentialReport / GetCredentialReport rounds at most. */
  attempts: number;
  /** Wait between rounds. */
  delayMs: number;
  sleep(ms: number): Promise<void>;
}

/** Eight rounds two seconds apart: IAM finishes most reports within seconds; a sweep must not hang on one. */
export const DEFAULT_POLLING: CredentialReportPolling = {
  attempts: 8,
  delayMs: 2000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A credential report read and parsed: when IAM generated it, and its users (root row left out). */
export interface CredentialReport {
  generatedTime: string;
  users: CredentialReportUser[];
}

/**
 * GetCredentialReport errors that mean "not ready yet": generation still running, or no (or an
 * expired) report, which the next GenerateCredentialReport round starts. The SDK names the
 * exception class; recorded responses and the wire use IAM's error code.
 */
const NOT_READY = new Set([
  'ReportInProgress',
  'CredentialReportNotReadyException',
  'ReportNotPresent',
  'CredentialReportNotPresentException',
  'ReportExpired',
  'CredentialReportExpiredException',
]);

/**
 * The account's credential report, read once per run (the run memo), else a ReadFailure: the
 * denied or failed call, TIMEOUT when IAM was still generating after every round, or
 * MALFORMED_RESPONSE when the report cannot be read (the ParseError names line and column).
 *
 * @example
 * const report = await credentialReportOf(ctx);
 * if (!isFailure(report)) report.users.length;
 */
export function credentialReportOf(ctx: CollectContext, polling: CredentialReportPolling = DEFAULT_POLLING): Promise<CredentialReport | ReadFailure> {
  return readOncePerRun(ctx, `iam:GetCredentialReport:${ctx.account}`, () => readCredentialReport(ctx.clients.get(IAMClient), polling));
}

async function readCredentialReport(iam: IAMClient, polling: CredentialReportPolling): Promise<CredentialReport | ReadFailure> {
  let waitingFor = '';
  for (let round = 1; round <= polling.attempts; round++) {
    if (round > 1) await polling.sleep(polling.delayMs);
    const generation = await read('GenerateCredentialReport', () => iam.send(new GenerateCredentialReportCommand({})));
    if (isFailure(generation)) return generation;
    if (generation.State !== 'COMPLETE') {
      waitingFor = `GenerateCredentialReport said ${generation.State ?? 'nothing'}`;
      continue;
    }
    const report = await read('GetCredentialReport', () => iam.send(new GetCredentialReportCommand({})));
    if (!isFailure(report)) return parsed(report);
    if (!NOT_READY.has(report.error.name)) return report;
    waitingFor = `GetCredentialReport said ${report.error.name}`;
  }
  const seconds = ((polling.attempts - 1) * polling.delayMs) / 1000;
  return failure({
    code: 'TIMEOUT',
    name: 'ReportInProgress',
    message: `the credential report was not ready after ${polling.attempts} attempts over ${seconds} s (${waitingFor})`,
  });
}

function parsed(report: { Content?: unknown; ReportFormat?: string; GeneratedTime?: unknown }): CredentialReport | ReadFailure {
  try {
    if (report.ReportFormat !== undefined && report.ReportFormat !== 'text/csv') {
      throw new ParseError('ReportFormat', 'INVALID_VALUE', `expected text/csv, got "${report.ReportFormat}"`);
    }
    const generatedTime = isoTime(report.GeneratedTime);
    return { generatedTime, users: parseCredentialReport(reportText(report.Content), generatedTime) };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return failure({ code: 'MALFORMED_RESPONSE', name: 'ParseError', message: error.message });
  }
}

function failure(error: Omit<ReadError, 'operation'>): ReadFailure {
  return new ReadFailure({ operation: 'GetCredentialReport', ...error });
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The CSV text of `Content`: the SDK hands over the decoded bytes; a recorded response may hold
 * the CSV itself or, as the AWS CLI prints it, base64 (which has no commas or line breaks, so the
 * two cannot be confused).
 */
function reportText(content: unknown): string {
  if (content instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new ParseError('Content', 'INVALID_VALUE', 'not UTF-8 text');
    }
  }
  if (typeof content === 'string') return BASE64.test(content) ? reportText(Buffer.from(content, 'base64')) : content;
  throw new ParseError('Content', content === undefined || content === null ? 'MISSING_FIELD' : 'WRONG_TYPE');
}

function isoTime(value: unknown): string {
  const time = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (value === undefined || value === null) throw new ParseError('GeneratedTime', 'MISSING_FIELD');
  if (!time || Number.isNaN(time.getTime())) throw new ParseError('GeneratedTime', 'INVALID_TIME', `got ${JSON.stringify(value)}`);
  return time.toISOString();
}
