import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** The one structured logger every function shares (Powertools: JSON lines, request ids). */
export const logger = new Logger({ serviceName: 'trailproof' });

/** A lazily wired entry point: importing a function module has no side effects (tests, cold-start measurement). */
export function lazyHandler<E, R>(create: () => (event: E, context: Context) => Promise<R>) {
  let wired: ((event: E, context: Context) => Promise<R>) | undefined;
  return (event: E, context: Context): Promise<R> => (wired ??= create())(event, context);
}
