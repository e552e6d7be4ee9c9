/**
 * The optional AWS Config custom rule (custom.enableConfigRule): Config invokes functions/config-rule on
 * every change of the resource types checks evaluate, on oversized changes, and once a day.
 * Optional because creating a Config rule fails in an account without a configuration recorder.
 */
import type { CheckMetadata } from '../lib/model/check.ts';

/** Logical id serverless gives the "config-rule" function. */
const CONFIG_RULE_FUNCTION = 'ConfigDashruleLambdaFunction';
/** Config rules accept at most 100 resource types in scope. */
const MAX_SCOPE_TYPES = 100;

/** Resource types in the rule's scope: every Config resource type a check evaluates. */
export function configRuleScope(checks: CheckMetadata[]): string[] {
  const types = [...new Set(checks.flatMap((c) => c.triggers.configResourceTypes))].sort();
  if (types.length > MAX_SCOPE_TYPES) throw new RangeError(`a Config rule scope holds at most ${MAX_SCOPE_TYPES} resource types, checks name ${types.length}`);
  return types;
}

/** The ConfigRule and the Lambda permission letting Config (of this account only) invoke the function. */
export function configRuleResources(checks: CheckMetadata[]): Record<string, unknown> {
  const functionArn = { 'Fn::GetAtt': [CONFIG_RULE_FUNCTION, 'Arn'] };
  return {
    ConfigRuleInvokePermission: {
      Type: 'AWS::Lambda::Permission',
      Condition: 'ConfigRuleEnabled',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: functionArn,
        Principal: 'config.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      },
    },
    TrailproofConfigRule: {
      Type: 'AWS::Config::ConfigRule',
      Condition: 'ConfigRuleEnabled',
      DependsOn: ['ConfigRuleInvokePermission'],
      Properties: {
        ConfigRuleName: 'trailproof-${sls:stage}',
        Description: 'trailproof HIPAA evidence checks (evaluations recorded as signed evidence)',
        Scope: { ComplianceResourceTypes: configRuleScope(checks) },
        Source: {
          Owner: 'CUSTOM_LAMBDA',
          SourceIdentifier: functionArn,
          SourceDetails: [
            { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
            { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
            { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'TwentyFour_Hours' },
          ],
        },
      },
    },
  };
}
