import { describe, expect, it } from 'vitest';
import { toConfigEvaluations } from '../../lib/pipeline/config-rule.ts';

const rec = (checkId: string, resourceId: string, result: 'pass' | 'fail' | 'not_applicable' | 'error', reason = `${checkId} ${result}`) => ({
  check: { id: checkId, family: 'segmentation' as const, title: checkId, severity: 'high' as const },
  resource: { type: 'AWS::EC2::SecurityGroup', id: resourceId, phiScoped: false },
  result, reason, observedAt: '2026-11-02T10:00:00.000Z',
});

describe('toConfigEvaluations', () => {
  it('gives one evaluation per resource: any fail is NON_COMPLIANT, else any pass COMPLIANT, else NOT_APPLICABLE', () => {
    const evaluations = toConfigEvaluations([
      rec('a', 'sg-1', 'pass'), rec('b', 'sg-1', 'fail', 'open on 22'),
      rec('a', 'sg-2', 'pass'), rec('b', 'sg-2', 'not_applicable'),
      rec('a', 'sg-3', 'not_applicable'), rec('b', 'sg-3', 'not_applicable'),
    ]);
    expect(evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['sg-1', 'NON_COMPLIANT'], ['sg-2', 'COMPLIANT'], ['sg-3', 'NOT_APPLICABLE'],
    ]);
    expect(evaluations[0]!.Annotation).toBe('b: open on 22');
    expect(evaluations[0]!.OrderingTimestamp).toEqual(new Date('2026-11-02T10:00:00.000Z'));
  });

  it('treats an evaluation it could not complete as NON_COMPLIANT (Config takes no INSUFFICIENT_DATA from custom rules) and says so', () => {
    const [evaluation] = toConfigEvaluations([rec('a', 'sg-1', 'pass'), rec('b', 'sg-1', 'error', 'AccessDenied: ec2:DescribeSecurityGroups failed')]);
    expect(evaluation).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: 'ERROR b: AccessDenied: ec2:DescribeSecurityGroups failed' });
  });

  it('keeps annotations within the 256 characters Config accepts', () => {
    const [evaluation] = toConfigEvaluations([rec('a', 'sg-1', 'fail', 'x'.repeat(400))]);
    expect(evaluation!.Annotation).toHaveLength(256);
  });
});
