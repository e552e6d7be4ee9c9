/**
 * The S3 object data events a trail's selectors record, read from GetEventSelectors in both
 * forms AWS documents. Basic: EventSelectors[].DataResources of Type AWS::S3::Object, whose Values
 * are ARN prefixes (arn:aws:s3 for every bucket, arn:aws:s3:::bucket/ for one), with the
 * selector's ReadWriteType. Advanced: AdvancedEventSelectors with eventCategory Equals Data and
 * resources.type Equals AWS::S3::Object, narrowed by readOnly (absent: reads and writes) and by
 * resources.ARN with any operator. Tools that read only the basic form report trails with
 * advanced selectors as logging nothing (Prowler #1795, Steampipe #971, Custodian #8969).
 */
import type { GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { FieldCondition, FieldOperator, S3DataEventSelector } from '../model/states/cloudtrail-data-events.ts';
import { readOnlyFilter } from './cloudtrail-account.ts';

type AdvancedSelector = NonNullable<GetEventSelectorsCommandOutput['AdvancedEventSelectors']>[number];
type FieldSelector = NonNullable<AdvancedSelector['FieldSelectors']>[number];

const S3_OBJECT = 'AWS::S3::Object';
const OPERATORS: readonly FieldOperator[] = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'];
/** Fields whose effect on S3 object events the selector form itself decides (handled below). */
const MEASURED = new Set(['eventCategory', 'resources.type', 'readOnly', 'resources.ARN', 'eventSource']);

function conditionsOf(field: FieldSelector): FieldCondition[] {
  return OPERATORS.flatMap((operator) => {
    const values = field[operator];
    return values && values.length > 0 ? [{ operator, values: [...values] }] : [];
  });
}

/** Whether a field's conditions (all must hold; any value of one operator will do) admit a value. */
function admits(field: FieldSelector, value: string): boolean {
  return conditionsOf(field).every(({ operator, values }) => {
    switch (operator) {
      case 'Equals': return values.includes(value);
      case 'StartsWith': return values.some((v) => value.startsWith(v));
      case 'EndsWith': return values.some((v) => value.endsWith(v));
      case 'NotEquals': return !values.includes(value);
      case 'NotStartsWith': return !values.some((v) => value.startsWith(v));
      case 'NotEndsWith': return !values.some((v) => value.endsWith(v));
    }
  });
}

function advancedSelector(selector: AdvancedSelector): S3DataEventSelector | undefined {
  const fields = selector.FieldSelectors ?? [];
  const named = (name: string) => fields.filter((f) => f.Field === name);
  // Both are Equals-only fields; a selector without them logs no S3 object data events.
  if (!named('eventCategory').some((f) => admits(f, 'Data')) || !named('resources.type').some((f) => admits(f, S3_OBJECT))) return undefined;
  // Every S3 object data event comes from s3.amazonaws.com: an eventSource filter either lets them all through or none.
  if (!named('eventSource').every((f) => admits(f, 's3.amazonaws.com'))) return undefined;
  return {
    selectorKind: 'advanced',
    name: selector.Name ?? null,
    readWriteType: readOnlyFilter(named('readOnly')[0]),
    arnConditions: named('resources.ARN').flatMap(conditionsOf),
    narrowedBy: [...new Set(fields.map((f) => f.Field ?? 'unnamed field').filter((name) => !MEASURED.has(name)))],
  };
}

/**
 * The S3 object data-event selectors of a GetEventSelectors answer ([] when it logs none). A trail
 * has either basic or advanced selectors, never both.
 *
 * @example
 * s3DataEventSelectors({ EventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] })
 * // [{ selectorKind: 'basic', name: null, readWriteType: 'All', arnConditions: [{ operator: 'StartsWith', values: ['arn:aws:s3'] }], narrowedBy: [] }]
 */
export function s3DataEventSelectors(out: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): S3DataEventSelector[] {
  if (out.AdvancedEventSelectors && out.AdvancedEventSelectors.length > 0) {
    return out.AdvancedEventSelectors.map(advancedSelector).filter((s): s is S3DataEventSelector => s !== undefined);
  }
  return (out.EventSelectors ?? []).flatMap((selector) =>
    (selector.DataResources ?? [])
      .filter((resource) => resource.Type === S3_OBJECT && (resource.Values ?? []).length > 0)
      .map((resource) => ({
        selectorKind: 'basic' as const,
        name: null,
        readWriteType: selector.ReadWriteType ?? 'All',
        arnConditions: [{ operator: 'StartsWith' as const, values: [...(resource.Values ?? [])] }],
        narrowedBy: [],
      })),
  );
}
