/**
 * IAM: users (the benchmark's original kind, `user-<i>`), the root user, the password policy and
 * the credential report. Mix: one user in ten has a console password, half of those with an MFA
 * device; one in three is a service user with an access key, one in three of those keys older
 * than 90 days, one in nine never used; a few passwords unused for 120 days. The root user has a
 * hardware MFA device and no keys; the password policy remembers only 5 passwords (a fail).
 */
import type {
  GetCredentialReportCommandOutput, GetLoginProfileCommandInput, GetLoginProfileCommandOutput, GetUserCommandInput, ListMFADevicesCommandInput, ListMFADevicesCommandOutput,
  ListUsersCommandInput, ListUsersCommandOutput, ListVirtualMFADevicesCommandInput, ListVirtualMFADevicesCommandOutput, User,
} from '@aws-sdk/client-iam';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { daysAgo, indexOf, SWEEP_TIME, type AccountPlan } from './plan.ts';

const NO_SUCH_ENTITY = 'NoSuchEntityException';
const hasPassword = (i: number) => i % 10 === 1;
const hasMfa = (i: number) => i % 20 === 1;
const hasKey = (i: number) => i % 3 === 0;

/**
 * The credential report's columns as IAM documents them (IAM User Guide, "Getting credential
 * reports for your AWS account"), in IAM's order.
 */
const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/** A time as the report writes it: seconds and an offset, `2016-08-30T17:37:35+00:00`. */
const reportTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');

function users(plan: AccountPlan) {
  const name = (i: number) => `user-${i}`;
  const arn = (userName: string) => `arn:aws:iam::${plan.account}:user/${userName}`;
  const created = (i: number) => daysAgo(400 + (i % 700));
  const user = (i: number): User => ({
    Path: '/', UserName: name(i), UserId: `AIDA${i.toString(16).toUpperCase().padStart(17, '0')}`, Arn: arn(name(i)), CreateDate: created(i),
    ...(hasPassword(i) ? { PasswordLastUsed: daysAgo(i % 40 === 1 ? 120 : 2) } : {}),
  });
  return { name, arn, created, user, index: (userName: unknown) => indexOf(String(userName), 'user-', 10) };
}

/** One user's report line: password use, the access key's age and use. */
function reportLine(plan: AccountPlan, i: number): string {
  const { name, arn, created } = users(plan);
  const password = hasPassword(i)
    ? ['true', reportTime(daysAgo(i % 40 === 1 ? 120 : 2)), reportTime(daysAgo(60)), reportTime(daysAgo(-30))]
    : ['false', 'N/A', 'N/A', 'N/A'];
  const key = hasKey(i)
    ? ['true', reportTime(daysAgo(i % 9 === 0 ? 200 : 30)), ...(i % 27 === 0 ? ['N/A', 'N/A', 'N/A'] : [reportTime(daysAgo(1)), plan.region, 's3'])]
    : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [name(i), arn(name(i)), reportTime(created(i)), ...password, String(hasMfa(i)), ...key, 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A'].join(',');
}

/** The report IAM serves: the root line first, then every user, as CSV bytes. */
function credentialReport(plan: AccountPlan): Output<GetCredentialReportCommandOutput> {
  const root = [`<root_account>`, `arn:aws:iam::${plan.account}:root`, reportTime(daysAgo(2000)), 'not_supported', reportTime(daysAgo(40)), 'not_supported', 'not_supported', 'true',
    'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A'].join(',');
  const lines = [REPORT_COLUMNS.join(','), root];
  for (let i = 0; i < plan.counts.users; i++) lines.push(reportLine(plan, i));
  return { Content: new TextEncoder().encode(lines.join('\n')), ReportFormat: 'text/csv', GeneratedTime: new Date(SWEEP_TIME.getTime() - 3_600_000) };
}

/** The IAM answers of the account. */
export function iamAnswers(plan: AccountPlan): AnswerTable {
  const { user, index } = users(plan);
  const exists = (userName: unknown) => {
    const i = index(userName);
    return i !== undefined && i < plan.counts.users ? i : undefined;
  };
  const mfaUsers = Math.ceil(Math.max(0, plan.counts.users - 1) / 20);
  return {
    IAMClient: {
      // MaxItems defaults to 100.
      ListUsers: (input: ListUsersCommandInput): Output<ListUsersCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.users, input.Marker, input.MaxItems ?? 100);
        return { Users: indexes.map(user), IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}) };
      },
      GetUser: (input: GetUserCommandInput) => {
        const i = exists(input.UserName);
        return i === undefined ? notFound(NO_SUCH_ENTITY) : { User: user(i) };
      },
      GetLoginProfile: (input: GetLoginProfileCommandInput): Output<GetLoginProfileCommandOutput> | Error => {
        const i = exists(input.UserName);
        return i !== undefined && hasPassword(i) ? { LoginProfile: { UserName: input.UserName!, CreateDate: daysAgo(60), PasswordResetRequired: false } } : notFound(NO_SUCH_ENTITY);
      },
      ListMFADevices: (input: ListMFADevicesCommandInput): Output<ListMFADevicesCommandOutput> => {
        const i = exists(input.UserName);
        const devices = i !== undefined && hasMfa(i) ? [{ UserName: input.UserName!, SerialNumber: `arn:aws:iam::${plan.account}:mfa/${input.UserName!}`, EnableDate: daysAgo(300) }] : [];
        return { MFADevices: devices, IsTruncated: false };
      },
      ListUserTags: (input: { UserName?: string }) => ({ Tags: [{ Key: 'team', Value: (exists(input.UserName) ?? 0) % 2 === 0 ? 'clinical-apps' : 'platform' }], IsTruncated: false }),
      GetAccountSummary: () => ({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0, Users: plan.counts.users, MFADevicesInUse: mfaUsers + 1 } }),
      // The users' virtual devices; the root user's device is a hardware one, so none is root's.
      ListVirtualMFADevices: (input: ListVirtualMFADevicesCommandInput): Output<ListVirtualMFADevicesCommandOutput> => {
        const { indexes, next } = indexPage(mfaUsers, input.Marker, input.MaxItems ?? 100);
        const devices = indexes.map((d) => {
          const u = user(20 * d + 1);
          return { SerialNumber: `arn:aws:iam::${plan.account}:mfa/${u.UserName!}`, User: u, EnableDate: daysAgo(300) };
        });
        return { VirtualMFADevices: devices, IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}) };
      },
      GetAccountPasswordPolicy: () => ({
        PasswordPolicy: {
          MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: false,
        },
      }),
      GenerateCredentialReport: () => ({ State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' }),
      GetCredentialReport: () => credentialReport(plan),
    },
  };
}
