/**
 * The IAM credential report (GetCredentialReport `Content`, text/csv) read strictly: a header that
 * lacks a column we judge by, or a line with a different number of fields, makes the whole report
 * unreadable; a value that is not what IAM documents for its column (IAM User Guide, "Getting
 * credential reports") makes only that user's row unreadable, so one odd row never hides the others.
 * Every failure is a ParseError naming the line and column.
 */
import { ParseError } from '../errors.ts';
import type { IamAccessKeyFacts, IamUserCredentialsState } from '../model/states/iam.ts';

/** The columns the credential checks read; IAM may add others, which are ignored. */
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

type Column = (typeof REQUIRED_COLUMNS)[number];

/** The report's row for the account's root user: not an IAM user (root keys are iam-root-no-access-keys'). */
const ROOT_ROW = '<root_account>';

/** ISO 8601 with seconds and an offset, as IAM writes every time in the report (2016-08-30T17:37:35+00:00). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** One IAM user of the report: its facts, or why its row could not be read. */
export type CredentialReportUser = { userName: string; arn?: string; state: IamUserCredentialsState } | { userName: string; arn?: string; error: ParseError };

/**
 * The users of a credential report, in report order, without the root row. Throws ParseError when
 * the report as a whole cannot be read (empty, a required column missing, a ragged line).
 *
 * @example
 * const users = parseCredentialReport(csv, '2024-05-01T10:00:00.000Z');
 * users[0]; // { userName: 'alice', arn: 'arn:aws:iam::111122223333:user/alice', state: { ... } }
 */
export function parseCredentialReport(text: string, generatedTime: string): CredentialReportUser[] {
  const lines = csvLines(text);
  if (lines.length === 0) throw new ParseError('Content', 'EMPTY_INPUT', 'the credential report has no header line');
  const header = lines[0]!.fields;
  const index = Object.fromEntries(REQUIRED_COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<Column, number>;
  for (const column of REQUIRED_COLUMNS) {
    if (index[column] < 0) throw new ParseError(`Content.header.${column}`, 'MISSING_FIELD', 'the credential report has no such column');
  }
  const users: CredentialReportUser[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { number, fields } of lines.slice(1)) {
    if (fields.length !== header.length) {
      throw new ParseError(`Content.line[${number}]`, 'INVALID_VALUE', `${fields.length} fields where the header has ${header.length}`);
    }
    const value = (column: Column) => fields[index[column]]!;
    const userName = value('user');
    if (userName === ROOT_ROW) continue;
    const arn = value('arn').startsWith('arn:') ? value('arn') : undefined;
    const earlier = firstLineOf.get(userName);
    if (earlier !== undefined) {
      // Which of two rows is true cannot be told: the user is unreadable, not judged on either.
      const error = new ParseError(`Content.line[${number}].user`, 'INVALID_VALUE', `user ${userName} is also on line ${earlier}`);
      const at = users.findIndex((u) => u.userName === userName);
      users[at] = { userName, ...(arn ? { arn } : {}), error };
      continue;
    }
    firstLineOf.set(userName, number);
    try {
      if (!arn) throw new ParseError(`Content.line[${number}].arn`, 'INVALID_VALUE', `expected an ARN, got "${value('arn')}"`);
      users.push({ userName, arn, state: rowState(value, number, generatedTime) });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      users.push({ userName, ...(arn ? { arn } : {}), error });
    }
  }
  return users;
}

function rowState(value: (column: Column) => string, line: number, generatedTime: string): IamUserCredentialsState {
  const at = (column: Column) => `Content.line[${line}].${column}`;
  const time = (column: Column, absent: readonly string[]): string | undefined => {
    const raw = value(column);
    if (absent.includes(raw)) return undefined;
    if (!TIMESTAMP.test(raw) || Number.isNaN(Date.parse(raw))) throw new ParseError(at(column), 'INVALID_TIME', `got "${raw}"`);
    return new Date(raw).toISOString();
  };
  const flag = (column: Column): boolean => {
    const raw = value(column);
    if (raw !== 'true' && raw !== 'false') throw new ParseError(at(column), 'INVALID_VALUE', `expected true or false, got "${raw}"`);
    return raw === 'true';
  };
  const key = (slot: 1 | 2): IamAccessKeyFacts => {
    const active = flag(`access_key_${slot}_active`);
    const lastRotated = time(`access_key_${slot}_last_rotated`, ['N/A']);
    const lastUsed = time(`access_key_${slot}_last_used_date`, ['N/A']);
    // An active key always has a creation time; without one its age cannot be judged.
    if (active && !lastRotated) throw new ParseError(at(`access_key_${slot}_last_rotated`), 'INVALID_VALUE', 'an active key without a creation or rotation time');
    return { key: `access_key_${slot}`, active, ...(lastRotated ? { lastRotated } : {}), ...(lastUsed ? { lastUsed } : {}) };
  };
  const userCreationTime = time('user_creation_time', []) as string;
  const passwordEnabled = flag('password_enabled');
  // no_information: never used (or only before IAM tracked it, October 2014).
  const passwordLastUsed = time('password_last_used', ['N/A', 'no_information']);
  const passwordLastChanged = time('password_last_changed', ['N/A']);
  return {
    userName: value('user'),
    arn: value('arn'),
    userCreationTime,
    passwordEnabled,
    ...(passwordLastUsed ? { passwordLastUsed } : {}),
    ...(passwordLastChanged ? { passwordLastChanged } : {}),
    accessKeys: [key(1), key(2)],
    from: { source: 'credential-report', generatedTime },
  };
}

/**
 * RFC 4180 lines: fields split on commas; a double-quoted field may hold commas, doubled quotes and
 * line breaks (IAM user names may contain commas). Blank lines are skipped; `number` is 1-based.
 */
function csvLines(text: string): { number: number; fields: string[] }[] {
  const lines: { number: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field: string;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const malformed = (detail: string) => new ParseError(`Content.line[${recordLine}]`, 'INVALID_VALUE', detail);
  while (i <= text.length) {
    if (fields.length === 0) recordLine = line;
    if (text[i] === '"') {
      // A quoted field runs to the quote that is not doubled.
      const close = closingQuote(text, i + 1);
      if (close < 0) throw malformed('a quoted field is never closed');
      field = text.slice(i + 1, close).replaceAll('""', '"');
      line += (field.match(/\n/g) ?? []).length;
      i = close + 1;
      if (i < text.length && !',\r\n'.includes(text[i]!)) throw malformed(`"${text[i]}" after a closing quote`);
    } else {
      let end = i;
      while (end < text.length && !',\r\n'.includes(text[end]!)) end++;
      field = text.slice(i, end);
      if (field.includes('"')) throw malformed(`a quote inside the unquoted field "${field}"`);
      i = end;
    }
    fields.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    // End of a line (or of the text): keep it unless it was blank.
    if (!(fields.length === 1 && fields[0] === '')) lines.push({ number: recordLine, fields });
    fields = [];
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
  }
  return lines;
}

function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') i++;
    else return i;
  }
  return -1;
}
