/** One cache behavior: the default (path pattern "*") or an ordered one. */
export interface CloudFrontBehavior {
  pathPattern: string;
  /** allow-all, redirect-to-https or https-only. */
  viewerProtocolPolicy: string | null;
  targetOriginId: string | null;
}

/** One origin and how CloudFront connects to it. */
export interface CloudFrontOrigin {
  id: string;
  domainName: string | null;
  /** "custom" (CustomOriginConfig), "s3" (S3OriginConfig, the bucket's REST endpoint) or "vpc" (VpcOriginConfig). */
  type: 'custom' | 's3' | 'vpc';
  /** Custom origins: http-only, match-viewer or https-only. */
  originProtocolPolicy: string | null;
  /** Custom origins: the SSL/TLS protocols CloudFront may use with the origin (SSLv3, TLSv1, TLSv1.1, TLSv1.2). */
  originSslProtocols: string[];
}

/** The viewer certificate and the security policy viewers negotiate TLS under. */
export interface CloudFrontViewerCertificate {
  /** True for the *.cloudfront.net certificate, whose policy is TLSv1 whatever MinimumProtocolVersion says. */
  cloudFrontDefaultCertificate: boolean;
  /** SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016, TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025. */
  minimumProtocolVersion: string | null;
  /** acm, iam or cloudfront. */
  certificateSource: string | null;
}

/** What cloudfront-viewer-https reads of one distribution. */
export interface CloudFrontDistributionState {
  id: string;
  domainName: string | null;
  enabled: boolean | null;
  /** The default cache behavior first, then the ordered ones. */
  behaviors: CloudFrontBehavior[];
  viewerCertificate: CloudFrontViewerCertificate;
  origins: CloudFrontOrigin[];
}
