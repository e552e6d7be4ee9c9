/**
 * Facts that belong to the account, not to one resource (the account's S3 Block Public Access),
 * read once per run: the first collector that asks makes the read, every later one in the same
 * run shares its answer. One memo per sweep or event run, handed to collectors in the
 * CollectContext; never module-level, so a warm Lambda never serves an earlier run's answer.
 *
 * @example
 * const memo = new RunMemo();
 * const block = await memo.once(`s3control:GetPublicAccessBlock:${account}:${region}`, () => read(...));
 */
export class RunMemo {
  readonly #answers = new Map<string, Promise<unknown>>();

  /** The answer of the first `read` made under `key` in this run (concurrent askers share it). */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let answer = this.#answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = read();
      this.#answers.set(key, answer);
    }
    return answer;
  }
}

/**
 * `read` once per run under `key` when the collect context carries a memo; without one (a single collect,
 * a test) simply `read`. Keys name the fact and its scope, e.g. `s3control:GetPublicAccessBlock:<account>:<region>`.
 */
export function readOncePerRun<T>(ctx: { memo?: RunMemo }, key: string, read: () => Promise<T>): Promise<T> {
  return ctx.memo ? ctx.memo.once(key, read) : read();
}
