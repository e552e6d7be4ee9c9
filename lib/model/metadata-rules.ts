/**
 * The rules of check metadata that JSON Schema cannot state. evidence-schemas/check-metadata.v1
 * holds every rule about one value (read-only verbs, event source and name shapes, resource types);
 * these relate values to each other or to a table, and validateMetadata applies both, so there is
 * one validator and each rule lives in one place.
 */
import type { CheckMetadata } from './check.ts';
import { eventNameStem } from './event-name.ts';
import { metadataCitationErrors } from './hipaa.ts';
import { isNumericSettingName } from './settings.ts';

/** The members of metadata these rules read. */
type RuledMetadata = Pick<CheckMetadata, 'triggers' | 'reads' | 'hipaa' | 'hipaaProposed' | 'settings'>;

/**
 * A read decides the verdict or only enriches the record, never both: runCheck turns a failed read
 * into `error` or into observed.unreadable by the list it is in, so one in both has no meaning.
 */
function readListedTwiceErrors(reads: CheckMetadata['reads']): string[] {
  return reads.enrich.flatMap((action, i) => {
    const decides = reads.decide.indexOf(action);
    return decides < 0 ? [] : [`reads.enrich[${i}]: "${action}" is also reads.decide[${decides}]: a read either decides or enriches`];
  });
}

/**
 * The router compares event names by stem (lib/model/event-name.ts), so a versioned name listed in
 * metadata would never match an event.
 */
function versionedEventNameErrors(cloudtrail: CheckMetadata['triggers']['cloudtrail']): string[] {
  return cloudtrail.flatMap((trigger, t) =>
    trigger.eventNames.flatMap((name, n) => {
      const stem = eventNameStem(name);
      return stem === name ? [] : [`triggers.cloudtrail[${t}].eventNames[${n}]: "${name}" carries an API version: list its stem "${stem}"`];
    }),
  );
}

/** A setting the table does not hold would never reach the check: refused, not defaulted. */
function unknownSettingErrors(settings: CheckMetadata['settings']): string[] {
  return (settings ?? []).flatMap((name, i) => (isNumericSettingName(name) ? [] : [`settings[${i}]: "${name}" is not a setting of lib/model/settings.ts`]));
}

/**
 * What is wrong with metadata that already matches check-metadata.v1, as `path: message` strings in
 * the form schema errors take; empty when nothing is.
 *
 * @example
 * metadataRuleErrors({ ...metadata, reads: { decide: ['kms:ListAliases'], enrich: ['kms:ListAliases'] } })
 * // ['reads.enrich[0]: "kms:ListAliases" is also reads.decide[0]: a read either decides or enriches']
 */
export function metadataRuleErrors(metadata: RuledMetadata): string[] {
  return [...readListedTwiceErrors(metadata.reads), ...versionedEventNameErrors(metadata.triggers.cloudtrail), ...metadataCitationErrors(metadata), ...unknownSettingErrors(metadata.settings)];
}
