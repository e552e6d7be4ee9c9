/** One function URL (ListFunctionUrlConfigs): on the function itself or on one of its aliases. */
export interface FunctionUrlState {
  url: string;
  /** The function ARN the URL invokes, qualified by the alias when it is an alias's URL. */
  functionArn: string;
  /** "AWS_IAM" or "NONE". */
  authType: string;
}

/** A statement of a resource-based policy, as the policy document holds it (member names as IAM spells them). */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The resource-based policy of the function (qualifier null) or of one alias; no policy is no statements. */
export interface FunctionPolicyState {
  qualifier: string | null;
  statements: PolicyStatement[];
}

/**
 * A Lambda function with what its checks read: its URLs, and the resource policies of the function
 * and of each alias (an alias has a policy of its own; AddPermission with a Qualifier writes there).
 * Each is undefined when none of the checks at hand read it.
 */
export interface LambdaFunctionState {
  functionName: string;
  functionArn: string;
  urls?: FunctionUrlState[];
  policies?: FunctionPolicyState[];
}
