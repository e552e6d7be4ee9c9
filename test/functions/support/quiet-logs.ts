/**
 * Import first in a handler test: the Powertools logger reads its level once, when lib/runtime
 * creates it, and goes back to that level on every warm invocation. The tests read the logger
 * through spies, so stdout stays quiet.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
