/** The collector's identity in every record. Kept in sync with package.json by a test. */
export const COLLECTOR_VERSION = '0.1.0';
