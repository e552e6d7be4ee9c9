import type { Check, CheckMetadata } from '../../model/check.ts';
import type { OpenSearchDomainState } from '../../model/states/opensearch.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the OpenSearch (or legacy Elasticsearch) domain encrypts its data at rest. */
const check: Check<OpenSearchDomainState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const { enabled, kmsKeyId } = state.encryptionAtRest;
    const observed = { domainName: state.domainName, engineVersion: state.engineVersion, encryptionAtRestEnabled: enabled, kmsKeyId };
    const engine = state.engineVersion ? ` (${state.engineVersion})` : '';
    if (enabled) {
      return { result: 'pass', reason: `domain ${state.domainName}${engine} is encrypted at rest${kmsKeyId ? ` with KMS key ${kmsKeyId}` : ''}`, observed };
    }
    return { result: 'fail', reason: `domain ${state.domainName}${engine} is not encrypted at rest: its indexes, logs, swap and automated snapshots are stored in clear`, observed };
  },
};

export default check;
