import type { Check, CheckMetadata } from '../../model/check.ts';
import type { OpenSearchDomainState } from '../../model/states/opensearch.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * The TLS version a security policy requires at least: "Policy-Min-TLS-1-2-PFS-2023-10" → [1, 2].
 * Every policy AWS names so far (1-0, 1-2, 1-2-PFS, 1-2-RFC9151-FIPS) follows that pattern; a name
 * that does not is unknown and never passes.
 */
function minimumTls(policy: string | null): [number, number] | undefined {
  const match = /^Policy-Min-TLS-(\d+)-(\d+)(?:-|$)/.exec(policy ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function isTls12OrLater(policy: string | null): boolean {
  const version = minimumTls(policy);
  return version !== undefined && (version[0] > 1 || (version[0] === 1 && version[1] >= 2));
}

/**
 * Passes when the domain refuses plain HTTP, its endpoint accepts nothing below TLS 1.2, and its
 * nodes talk to each other over TLS: all three legs of ePHI in transit to and inside the domain.
 */
const check: Check<OpenSearchDomainState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = {
      domainName: state.domainName,
      engineVersion: state.engineVersion,
      enforceHttps: state.enforceHttps,
      tlsSecurityPolicy: state.tlsSecurityPolicy,
      nodeToNodeEncryption: state.nodeToNodeEncryption,
    };
    const problems: string[] = [];
    if (!state.enforceHttps) problems.push('accepts plain HTTP (EnforceHTTPS is off)');
    if (!isTls12OrLater(state.tlsSecurityPolicy)) {
      problems.push(state.tlsSecurityPolicy ? `allows TLS below 1.2 (${state.tlsSecurityPolicy})` : 'has no TLS security policy requiring TLS 1.2');
    }
    if (!state.nodeToNodeEncryption) problems.push('sends data between its nodes unencrypted (node-to-node encryption is off)');
    if (problems.length > 0) return { result: 'fail', reason: `domain ${state.domainName} ${problems.join('; ')}`, observed };
    return { result: 'pass', reason: `domain ${state.domainName} requires HTTPS with ${state.tlsSecurityPolicy} and encrypts node-to-node traffic`, observed };
  },
};

export default check;
