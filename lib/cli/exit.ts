/** Exit codes of every command (a contract scripts rely on). */
export const EXIT = {
  ok: 0,
  fatal: 1,
  /** Some inputs were invalid, or some evidence failed verification. */
  partial: 2,
} as const;
