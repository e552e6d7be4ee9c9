import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SubnetState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

/**
 * Fails when the route table in effect for a PHI-scoped subnet sends a default route to an
 * internet gateway. A blackhole igw route (gateway detached) still fails: attaching a gateway
 * again would make it live with no route change to trigger on.
 */
const check: Check<SubnetState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const table = state.routeTable;
    if (!table) {
      return {
        result: 'error',
        reason: `no route table (explicit or main) was found for ${state.subnetId} in ${state.vpcId}`,
        observed: { subnetId: state.subnetId, vpcId: state.vpcId, routeTable: null },
      };
    }
    const observed = { subnetId: state.subnetId, vpcId: state.vpcId, routeTableId: table.routeTableId, association: table.association };
    const igwRoutes = state.routes.filter((r) => r.target.startsWith('igw-') && DEFAULT_ROUTES.has(r.destination));
    const via = `${table.association === 'main' ? 'main route table' : 'route table'} ${table.routeTableId}`;
    if (igwRoutes.length === 0) {
      return { result: 'pass', reason: `${state.subnetId} has no default route to an internet gateway (${via})`, observed: { ...observed, igwRoutes: [] } };
    }
    const routes = igwRoutes.map((r) => `${r.destination} -> ${r.target}${r.state && r.state !== 'active' ? ` (${r.state})` : ''}`);
    return {
      result: 'fail',
      reason: `${state.subnetId} routes ${routes.join(', ')} via ${via}`,
      observed: { ...observed, igwRoutes },
    };
  },
};

export default check;
