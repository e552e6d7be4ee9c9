/**
 * What the OpenSearch checks need to know about one domain, whichever engine it runs (OpenSearch or
 * legacy Elasticsearch: both are described by the OpenSearch API and logged by es.amazonaws.com).
 */
export interface OpenSearchDomainState {
  domainName: string;
  /** "OpenSearch_2.11", "Elasticsearch_7.10", ...; null when not reported. */
  engineVersion: string | null;
  encryptionAtRest: {
    enabled: boolean;
    /** The KMS key of the encrypted data; null when unencrypted or not reported. */
    kmsKeyId: string | null;
  };
  /** Node-to-node encryption: TLS between the domain's own nodes. */
  nodeToNodeEncryption: boolean;
  /** DomainEndpointOptions.EnforceHTTPS: plain HTTP requests to the endpoint are refused. */
  enforceHttps: boolean;
  /** DomainEndpointOptions.TLSSecurityPolicy, e.g. "Policy-Min-TLS-1-2-PFS-2023-10"; null when not reported. */
  tlsSecurityPolicy: string | null;
}
