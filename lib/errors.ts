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

/** Malformed input: names the offending field as a JSON path (`detail.requestParameters.groupId`). */
export class ParseError extends TrailproofError {
  readonly field: string;
  constructor(field: string, message: string, options: { cause?: unknown } = {}) {
    super(`${field}: ${message}`, { code: 'PARSE_ERROR', cause: options.cause });
    this.field = field;
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

/** Settings or CLI options that cannot work (unknown check id, bad retention, ...). */
export class ConfigError extends TrailproofError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'CONFIG_ERROR', cause: options.cause });
  }
}
