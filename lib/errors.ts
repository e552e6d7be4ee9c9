/**
 * One base error for everything trailproof throws on purpose, so callers can tell our typed
 * failures (bad input, a failed verification, a refused write) from bugs.
 *
 * @example
 * try { parseInput(text) } catch (e) { if (e instanceof ParseError) console.error(e.field, e.message) }
 */
export class TrailproofError extends Error {
  readonly code: string;
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'TRAILPROOF_ERROR';
  }
}

/**
 * Every way input can fail to parse, written once: a stable code and the text made from it. The
 * codes are a contract (`collect --json` prints them next to the text, error records carry them);
 * the texts may be reworded, so nothing decides anything by a message. Never reuse a code.
 */
export const PARSE_ERROR_TEXT = {
  /** Nothing to parse (an empty file, an empty message body). */
  EMPTY_INPUT: 'is empty',
  /** Over a size limit (a file, a message, one record). */
  TOO_LARGE: 'is too large',
  /** The bytes could not be read or unpacked (a missing file, a broken gzip). */
  UNREADABLE: 'cannot be read',
  /** Not JSON, or a string member that should hold JSON does not. */
  INVALID_JSON: 'is not valid JSON',
  /** Valid JSON that is none of the inputs trailproof reads. */
  UNKNOWN_SHAPE: 'is not a CloudTrail record or log file, an EventBridge event, an SNS notification, an SQS message, a Config rule invocation or a configuration item',
  /** A required member is absent (or null). */
  MISSING_FIELD: 'is required',
  /** A member of the wrong JSON type (a number where an object belongs). */
  WRONG_TYPE: 'has the wrong type',
  /** The right type, a value that is not allowed (an unknown enum member, a malformed id). */
  INVALID_VALUE: 'has an invalid value',
  /** Not a timestamp trailproof can read. */
  INVALID_TIME: 'is not a valid time',
  /** Not a 12-digit AWS account id (a placeholder such as "<accountId>", a typo). */
  INVALID_ACCOUNT: 'is not a 12-digit AWS account id',
  /** A parser failed in a way it does not name: a bug, reported as bad input rather than a crash. */
  UNPARSEABLE: 'could not be parsed',
} as const;

/** The stable code of a ParseError. */
export type ParseErrorCode = keyof typeof PARSE_ERROR_TEXT;

/**
 * Malformed input: names the offending field as a JSON path (`detail.requestParameters.groupId`)
 * and the kind of failure as a code; the message is `<field>: <code's text>[: <detail>]`.
 *
 * @example new ParseError('Records[3].eventTime', 'INVALID_TIME', 'got "yesterday"')
 */
export class ParseError extends TrailproofError {
  declare readonly code: ParseErrorCode;
  readonly field: string;
  /** Specifics after the code's text (what was expected, what was seen), for people, not for code. */
  readonly detail?: string;
  constructor(field: string, code: ParseErrorCode, detail?: string, options: { cause?: unknown } = {}) {
    super(`${field}: ${PARSE_ERROR_TEXT[code]}${detail ? `: ${detail}` : ''}`, { code, cause: options.cause });
    this.field = field;
    if (detail) this.detail = detail;
  }
}

/** A document did not match its JSON Schema; `errors` lists each failing path. */
export class SchemaError extends TrailproofError {
  readonly schema: string;
  readonly errors: string[];
  constructor(schema: string, errors: string[]) {
    super(`does not match ${schema}: ${errors.join('; ')}`, { code: 'SCHEMA_ERROR' });
    this.schema = schema;
    this.errors = errors;
  }
}

/**
 * Evidence failed verification (hash, path, signature, key, seal chain). Takes a problem made by
 * `verificationProblem(code, params)` (lib/evidence/verification-codes.ts), so its `code` is the
 * stable verification code and its message the sentence made from it.
 */
export class VerificationError extends TrailproofError {
  constructor(problem: { code: string; message: string }, options: { cause?: unknown } = {}) {
    super(problem.message, { code: problem.code, cause: options.cause });
  }
}

/** A store refused or failed a read or write. */
export class StoreError extends TrailproofError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'STORE_ERROR', cause: options.cause });
  }
}

/**
 * A store key that is not a plain file: a symbolic link (anywhere on its path), a FIFO, a socket,
 * a device or a directory. Evidence is plain files; following a link would let a copied store
 * show bytes from elsewhere, and opening a FIFO would hang the reader.
 */
export class NotRegularFileError extends StoreError {
  /** What the key is instead: `symbolic link`, `FIFO`, `directory`, ... */
  readonly kind: string;
  constructor(key: string, kind: string) {
    super(`${key} is a ${kind}, not a regular file`);
    this.kind = kind;
  }
}

/** Settings or CLI options that cannot work (unknown check id, bad retention, ...). */
export class ConfigError extends TrailproofError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'CONFIG_ERROR', cause: options.cause });
  }
}
