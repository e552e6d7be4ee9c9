/**
 * ELBv2 load balancers: application load balancers (even numbers) with an HTTP listener that
 * redirects to HTTPS and an HTTPS listener, network load balancers (odd) with one TLS or TCP
 * listener. Mix: one load balancer in four writes no access logs; one ALB in four serves plain HTTP
 * on port 80, one in five of the others has a rule that still forwards HTTP; one HTTPS listener in
 * three keeps the 2016 policy that accepts TLS 1.0.
 */
import type {
  Action, DescribeListenersCommandInput, DescribeListenersCommandOutput, DescribeLoadBalancerAttributesCommandInput, DescribeLoadBalancerAttributesCommandOutput,
  DescribeLoadBalancersCommandInput, DescribeLoadBalancersCommandOutput, DescribeRulesCommandInput, DescribeRulesCommandOutput, DescribeTagsCommandInput, DescribeTagsCommandOutput,
  Listener, LoadBalancer, Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { daysAgo, hexId, listenersOf, numberedId, tagsOf, type AccountPlan } from './plan.ts';

const isAlb = (l: number) => l % 2 === 0;
const lbPath = (l: number) => `${isAlb(l) ? 'app' : 'net'}/${numberedId('portal-', l)}/${l.toString(16).padStart(16, '0')}`;
const ARN_PATH = /:(?:loadbalancer|listener|listener-rule)\/(?:app|net)\/portal-(\d+)\/[0-9a-f]{16}(?:\/([0-9a-f]{16}))?/;

/** The load balancer and listener numbers an ELBv2 ARN names. */
function numbersOf(arn: string | undefined): { l: number; n: number | undefined } | undefined {
  const match = ARN_PATH.exec(arn ?? '');
  return match ? { l: Number(match[1]), n: match[2] !== undefined ? Number.parseInt(match[2], 16) : undefined } : undefined;
}

function loadBalancers(plan: AccountPlan) {
  const prefix = `arn:aws:elasticloadbalancing:${plan.region}:${plan.account}`;
  const lbArn = (l: number) => `${prefix}:loadbalancer/${lbPath(l)}`;
  const listenerArn = (l: number, n: number) => `${prefix}:listener/${lbPath(l)}/${n.toString(16).padStart(16, '0')}`;
  const exists = (l: number | undefined, n?: number) => l !== undefined && l < plan.counts.loadBalancers && (n === undefined || n < listenersOf(l));
  const loadBalancer = (l: number): LoadBalancer => ({
    LoadBalancerArn: lbArn(l), DNSName: `${numberedId('portal-', l)}-${l * 7919}.${plan.region}.elb.amazonaws.com`, CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K', CreatedTime: daysAgo(400),
    LoadBalancerName: numberedId('portal-', l), Scheme: l % 3 === 0 ? 'internal' : 'internet-facing', VpcId: hexId('vpc-', l % plan.counts.vpcs), State: { Code: 'active' },
    Type: isAlb(l) ? 'application' : 'network', AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: hexId('subnet-', 0) }], IpAddressType: 'ipv4',
    ...(isAlb(l) ? { SecurityGroups: [hexId('sg-', l % plan.counts.securityGroups)] } : {}),
  });
  const forward = (l: number): Action => ({ Type: 'forward', Order: 1, TargetGroupArn: `${prefix}:targetgroup/portal-${l}/${l.toString(16).padStart(16, '0')}` });
  const redirect: Action = { Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } };
  const listener = (l: number, n: number): Listener => {
    const base = { ListenerArn: listenerArn(l, n), LoadBalancerArn: lbArn(l) };
    const certificates = [{ CertificateArn: `arn:aws:acm:${plan.region}:${plan.account}:certificate/0b4e5c1d-5555-4000-8000-${String(l).padStart(12, '0')}` }];
    const policy = l % 3 === 2 ? 'ELBSecurityPolicy-2016-08' : 'ELBSecurityPolicy-TLS13-1-2-2021-06';
    if (!isAlb(l)) {
      return l % 4 === 1
        ? { ...base, Port: 443, Protocol: 'TLS', Certificates: certificates, SslPolicy: policy, DefaultActions: [forward(l)] }
        : { ...base, Port: 5432, Protocol: 'TCP', DefaultActions: [forward(l)] };
    }
    if (n === 1) return { ...base, Port: 443, Protocol: 'HTTPS', Certificates: certificates, SslPolicy: policy, DefaultActions: [forward(l)] };
    return { ...base, Port: 80, Protocol: 'HTTP', DefaultActions: [l % 8 === 6 ? forward(l) : redirect] };
  };
  const rules = (l: number, n: number): Rule[] => {
    const rule = (id: number, priority: string, actions: Action[], conditions: Rule['Conditions']): Rule => ({
      RuleArn: `${prefix}:listener-rule/${lbPath(l)}/${n.toString(16).padStart(16, '0')}/${id.toString(16).padStart(16, '0')}`, Priority: priority, Conditions: conditions, Actions: actions, IsDefault: priority === 'default',
    });
    const health = rule(1, '10', [l % 10 === 4 ? forward(l) : redirect], [{ Field: 'path-pattern', Values: ['/health'], PathPatternConfig: { Values: ['/health'] } }]);
    return [rule(0, 'default', listener(l, n).DefaultActions ?? [], []), health];
  };
  return { lbArn, exists, loadBalancer, listener, rules };
}

/** The ELBv2 answers of the account. */
export function loadBalancerAnswers(plan: AccountPlan): AnswerTable {
  const { lbArn, exists, loadBalancer, listener, rules } = loadBalancers(plan);
  return {
    ElasticLoadBalancingV2Client: {
      // PageSize defaults to 400.
      DescribeLoadBalancers: (input: DescribeLoadBalancersCommandInput): Output<DescribeLoadBalancersCommandOutput> | Error => {
        if (input.LoadBalancerArns) {
          const named = input.LoadBalancerArns.map((arn) => numbersOf(arn)?.l);
          return named.every((l) => exists(l)) ? { LoadBalancers: named.map((l) => loadBalancer(l!)) } : notFound('LoadBalancerNotFoundException');
        }
        const { indexes, next } = indexPage(plan.counts.loadBalancers, input.Marker, input.PageSize ?? 400);
        return { LoadBalancers: indexes.map(loadBalancer), ...(next ? { NextMarker: next } : {}) };
      },
      DescribeLoadBalancerAttributes: (input: DescribeLoadBalancerAttributesCommandInput): Output<DescribeLoadBalancerAttributesCommandOutput> | Error => {
        const l = numbersOf(input.LoadBalancerArn)?.l;
        if (!exists(l)) return notFound('LoadBalancerNotFoundException');
        const logs = l! % 4 !== 3;
        return {
          Attributes: [
            { Key: 'access_logs.s3.enabled', Value: String(logs) }, { Key: 'access_logs.s3.bucket', Value: logs ? `clinic-${plan.account}-elb-logs` : '' },
            { Key: 'access_logs.s3.prefix', Value: logs ? numberedId('portal-', l!) : '' }, { Key: 'deletion_protection.enabled', Value: 'true' },
            ...(isAlb(l!) ? [{ Key: 'idle_timeout.timeout_seconds', Value: '60' }, { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }] : [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }]),
          ],
        };
      },
      DescribeListeners: (input: DescribeListenersCommandInput): Output<DescribeListenersCommandOutput> | Error => {
        if (input.ListenerArns) {
          const named = input.ListenerArns.map(numbersOf);
          return named.every((x) => x && exists(x.l, x.n)) ? { Listeners: named.map((x) => listener(x!.l, x!.n!)) } : notFound('ListenerNotFoundException');
        }
        const l = numbersOf(input.LoadBalancerArn)?.l;
        if (!exists(l) || input.LoadBalancerArn !== lbArn(l!)) return notFound('LoadBalancerNotFoundException');
        return { Listeners: Array.from({ length: listenersOf(l!) }, (_, n) => listener(l!, n)) };
      },
      DescribeRules: (input: DescribeRulesCommandInput): Output<DescribeRulesCommandOutput> | Error => {
        const x = numbersOf(input.ListenerArn);
        return x && exists(x.l, x.n) && x.n !== undefined ? { Rules: rules(x.l, x.n) } : notFound('ListenerNotFoundException');
      },
      DescribeTags: (input: DescribeTagsCommandInput): Output<DescribeTagsCommandOutput> => ({
        TagDescriptions: (input.ResourceArns ?? []).map((arn) => {
          const l = numbersOf(arn)?.l ?? 0;
          return { ResourceArn: arn, Tags: arn.includes(':loadbalancer/') ? tagsOf(l, numberedId('portal-', l)) : [] };
        }),
      }),
    },
  };
}
