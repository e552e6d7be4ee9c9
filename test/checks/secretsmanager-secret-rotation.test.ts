import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/secretsmanager-secret-rotation/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SecretState } from '../../lib/model/states/secretsmanager.ts';
import rotatingState from '../fixtures/secretsmanager/state-rotating.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const NOW = new Date('2025-06-30T12:00:00Z');

/** A DB credential rotated by its Lambda every 30 days, last on June 10th, next on July 10th (the collector test's answer too). */
const rotating = rotatingState as SecretState;

describe('secretsmanager-secret-rotation', () => {
  it.each<[string, Partial<SecretState>, Result, RegExp]>([
    ['rotating every 30 days, last 20 days ago', {}, 'pass', /^secret prod\/orders-db rotates automatically every 30 days, last rotated 20 days ago$/],
    ['a rate in hours', { rotationAfterDays: null, rotationSchedule: 'rate(12 hours)' }, 'pass', /every 0.5 days/],
    ['a cron schedule, judged by its dates', { rotationAfterDays: null, rotationSchedule: 'cron(0 4 1 * ? *)' }, 'pass', /on cron\(0 4 1 \* \? \*\)/],
    ['RDS-managed, just created, not rotated yet', { lastRotatedDate: null, createdDate: '2025-06-29T08:00:00.000Z', owningService: 'rds' }, 'pass', /not rotated yet$/],
    ['rotation off', { rotationEnabled: false, rotationLambdaArn: null, rotationAfterDays: null, rotationSchedule: null, nextRotationDate: null }, 'fail', /does not rotate automatically$/],
    ['a schedule longer than allowed', { rotationAfterDays: 365, rotationSchedule: 'rate(365 days)' }, 'fail', /rotates every 365 days, more than the 90 allowed$/],
    ['last rotated too long ago (the Lambda keeps failing)', { lastRotatedDate: '2025-02-01T00:00:00.000Z' }, 'fail', /last rotated 149 days ago, more than the 90 allowed$/],
    ['rotation on but never rotated since creation long ago', { lastRotatedDate: null, createdDate: '2024-01-15T09:00:00.000Z' }, 'fail', /never rotated in the 532 days since it was created/],
    ['next rotation more than a day overdue', { nextRotationDate: '2025-06-28T23:59:59.000Z' }, 'fail', /rotation is overdue: it was due 2025-06-28T23:59:59.000Z/],
    ['scheduled for deletion', { deletedDate: '2025-06-25T00:00:00.000Z', rotationEnabled: false }, 'not_applicable', /scheduled for deletion/],
  ])('%s -> %s', (_name, change, expected, reason) => {
    // Prepare
    const state = { ...rotating, ...change };
    // Act
    const finding = runCheck(check, snapshotOf(check, state.name, state), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.settings).toEqual({ secretRotationMaxDays: 90 });
  });

  it('is not overdue within the day its rotation window closes', () => {
    // Prepare: due this morning, the window closes at the end of the UTC day
    const state = { ...rotating, nextRotationDate: '2025-06-30T00:00:00.000Z' };
    // Act / Assess
    expect(runCheck(check, snapshotOf(check, state.name, state), DEFAULT_SETTINGS, NOW).result).toBe('pass');
  });

  it('judges age against the setting the deployment chose, and says so', () => {
    // Prepare
    const settings = { ...DEFAULT_SETTINGS, secretRotationMaxDays: 14 };
    // Act
    const finding = runCheck(check, snapshotOf(check, rotating.name, rotating), settings, NOW);
    // Assess: the 30-day schedule alone exceeds 14 days
    expect(finding).toMatchObject({ result: 'fail', reason: expect.stringMatching(/more than the 14 allowed/), observed: { settings: { secretRotationMaxDays: 14 } } });
  });

  it('is not_applicable for a deleted secret and error when it could not be read', () => {
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS, NOW).result).toBe('not_applicable');
    const error = accessDenied('DescribeSecret', 'AccessDeniedException');
    expect(runCheck(check, snapshotOf(check, rotating.name, undefined, { error }), DEFAULT_SETTINGS, NOW)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'secretsmanager-secret-rotation', { service: 'secretsmanager', hasConfigRule: false });
});
