/**
 * One API Gateway stage: of a REST API (API Gateway v1) or of an HTTP or WebSocket API (v2), with
 * its access-log destination and its execution-logging levels. REST stages set execution logging
 * per method (`*\/*` is every method), WebSocket stages per route (the default route settings for
 * every route); HTTP APIs have access logging only.
 */
export interface ApiGatewayStageState {
  api: 'REST' | 'HTTP' | 'WEBSOCKET';
  apiId: string;
  stageName: string;
  /** The CloudWatch Logs group or Firehose stream access logs go to; null when access logging is off. */
  accessLogDestination: string | null;
  /** The execution logging level of every method or route unless overridden ("OFF", "ERROR", "INFO"); null: never set (off). */
  defaultLoggingLevel: string | null;
  /** Methods (`resource/METHOD`) or routes whose own settings turn execution logging off. */
  loggingOffOverrides: string[];
}
