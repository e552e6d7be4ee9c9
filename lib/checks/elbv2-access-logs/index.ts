import type { Check, CheckMetadata } from '../../model/check.ts';
import type { Elbv2LoadBalancerState } from '../../model/states/elbv2.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when the load balancer writes access logs to S3. A Gateway Load Balancer has none, and
 * an NLB without a TLS listener would log nothing if they were on (NLB access logs record TLS
 * connections only): both are not applicable, their traffic is what VPC flow logs evidence.
 */
const check: Check<Elbv2LoadBalancerState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const name = state.name ?? state.loadBalancerArn;
    const observed = {
      type: state.type,
      scheme: state.scheme ?? null,
      accessLogs: state.accessLogs,
      ...(state.listenerProtocols ? { listenerProtocols: state.listenerProtocols } : {}),
    };
    if (state.type === 'gateway') {
      return { result: 'not_applicable', reason: `${name} is a Gateway Load Balancer, which has no access logs (VPC flow logs record its traffic)`, observed };
    }
    if (state.accessLogs.enabled) {
      const where = state.accessLogs.bucket ? ` to s3://${state.accessLogs.bucket}${state.accessLogs.prefix ? `/${state.accessLogs.prefix}` : ''}` : '';
      return { result: 'pass', reason: `${name} writes access logs${where}`, observed };
    }
    if (state.type !== 'network') return { result: 'fail', reason: `${name} (${state.type}) has access logging off`, observed };
    if (!state.listenerProtocols) return { result: 'error', reason: `the listeners of network load balancer ${name} were not read`, observed };
    if (!state.listenerProtocols.includes('TLS')) {
      const protocols = state.listenerProtocols.join(', ') || 'none';
      return { result: 'not_applicable', reason: `${name} is a Network Load Balancer without a TLS listener (${protocols}): its access logs would record nothing; VPC flow logs record its traffic`, observed };
    }
    return { result: 'fail', reason: `${name} is a Network Load Balancer with a TLS listener and access logging off`, observed };
  },
};

export default check;
