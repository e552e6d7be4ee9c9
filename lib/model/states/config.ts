/** One configuration recorder: what it records and whether it is recording. */
export interface ConfigRecorderFacts {
  name: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** recordingGroup.recordingStrategy.useOnly; null on recorders older than the field. */
  recordingStrategy: string | null;
  /** The listed types of an inclusion strategy. */
  resourceTypes: string[];
  /** The listed types of an exclusion strategy. */
  exclusions: string[];
  /** "CONTINUOUS" or "DAILY"; null when not set. */
  recordingFrequency: string | null;
  /** A recorder an AWS service created for its own use (servicePrincipal set), not the account's. */
  serviceLinked: boolean;
  recording: boolean;
  /** "Success", "Failure", "Pending" (older responses: upper case); null when never run. */
  lastStatus: string | null;
  lastErrorCode: string | null;
}

/** The recorders of one account and region (AWS allows one customer recorder per region). */
export interface ConfigRecorderState {
  recorders: ConfigRecorderFacts[];
}
