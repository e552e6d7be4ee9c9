/**
 * What an AWS Backup selection assigns, decided the way AWS Backup does (developer guide, "Assign
 * resources with AWS CLI" and the BackupSelection API reference): Resources and ListOfTags select
 * with OR (neither given: every supported resource), every Conditions entry must hold (AND),
 * NotResources exclude. ARN patterns use `*` for any run of characters; tag keys and values are
 * case-sensitive, as AWS Backup compares them.
 */
import type { Settings } from '../../model/check.ts';
import type { BackupSelectionDoc, TagCondition } from '../../model/states/backup.ts';

const RESOURCE_TAG = 'aws:ResourceTag/';

/** A resource as a selection sees it: its ARN and its tags. */
export interface SelectableResource {
  arn: string;
  tags: Record<string, string>;
}

/** `*` matches any run of characters (also none), everything else itself. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** The tag a condition key names: `aws:ResourceTag/backup` and ListOfTags' bare `backup` alike. */
function tagKeyOf(conditionKey: string): string {
  return conditionKey.startsWith(RESOURCE_TAG) ? conditionKey.slice(RESOURCE_TAG.length) : conditionKey;
}

function tagValue(resource: SelectableResource, condition: TagCondition): string | undefined {
  return resource.tags[tagKeyOf(condition.key)];
}

/** True when every Conditions entry holds (IAM semantics: a negated operator holds when the tag is absent). */
function conditionsHold(selection: BackupSelectionDoc, resource: SelectableResource): boolean {
  const { stringEquals, stringNotEquals, stringLike, stringNotLike } = selection.conditions;
  return (
    stringEquals.every((c) => tagValue(resource, c) === c.value) &&
    stringLike.every((c) => {
      const value = tagValue(resource, c);
      return value !== undefined && globMatches(c.value, value);
    }) &&
    stringNotEquals.every((c) => tagValue(resource, c) !== c.value) &&
    stringNotLike.every((c) => {
      const value = tagValue(resource, c);
      return value === undefined || !globMatches(c.value, value);
    })
  );
}

/**
 * True when the selection assigns the resource to its plan.
 *
 * @example selectionAssigns(selection, { arn: 'arn:aws:ec2:us-east-1:111122223333:volume/vol-1', tags: { backup: 'daily' } })
 */
export function selectionAssigns(selection: BackupSelectionDoc, resource: SelectableResource): boolean {
  const byArn = selection.resources.some((pattern) => globMatches(pattern, resource.arn));
  const byTag = selection.listOfTags.some((c) => tagValue(resource, c) === c.value);
  const included = selection.resources.length === 0 && selection.listOfTags.length === 0 ? true : byArn || byTag;
  return included && conditionsHold(selection, resource) && !selection.notResources.some((pattern) => globMatches(pattern, resource.arn));
}

/** A condition on the settings' PHI tag with a PHI value (the key compared as runCheck does, ignoring case). */
function namesPhiTag(condition: TagCondition, settings: Settings, like: boolean): boolean {
  if (tagKeyOf(condition.key).toLowerCase() !== settings.phiTagKey.toLowerCase()) return false;
  return settings.phiTagValues.some((value) => (like ? globMatches(condition.value.toLowerCase(), value.toLowerCase()) : condition.value.toLowerCase() === value.toLowerCase()));
}

/**
 * Why a selection may assign PHI data stores to its plan, or undefined when it cannot: it selects
 * by the PHI tag, or it is not narrowed by any tag (its ARNs or "every resource" include whatever
 * PHI stores there are; trailproof does not read each one's tags to rule that out). A selection
 * narrowed only by other tags (`backup: daily`) selects no PHI store that is tagged as such.
 */
export function phiSelectionReason(selection: BackupSelectionDoc, settings: Settings): 'selects the PHI tag' | 'selects by resource, not by tag' | undefined {
  const { stringEquals, stringLike } = selection.conditions;
  if (selection.listOfTags.some((c) => namesPhiTag(c, settings, false)) || stringEquals.some((c) => namesPhiTag(c, settings, false)) || stringLike.some((c) => namesPhiTag(c, settings, true))) {
    return 'selects the PHI tag';
  }
  const narrowedByTags = stringEquals.length > 0 || stringLike.length > 0 || (selection.listOfTags.length > 0 && selection.resources.length === 0);
  return narrowedByTags ? undefined : 'selects by resource, not by tag';
}
