/** An IAM user's console-access facts (id = user name). */
export interface IamUserState {
  userName: string;
  arn?: string;
  createDate?: string;
  /** Last console password use, when IAM knows it. */
  passwordLastUsed?: string;
  /** GetLoginProfile succeeded; NoSuchEntity means the user cannot sign in to the console. */
  hasConsolePassword: boolean;
  mfaDevices: { serialNumber: string; enableDate?: string }[];
}

/** The account's root-user facts (id = account id). */
export interface IamAccountState {
  accountId: string;
  /** GetAccountSummary AccountMFAEnabled == 1: the root user has an MFA device. */
  rootMfaEnabled: boolean;
  rootAccessKeysPresent: boolean;
  /**
   * "virtual" when an assigned virtual device belongs to the root, "hardware" when root MFA is on
   * without one (hardware TOTP, FIDO key or passkey), "none" without MFA, "unknown" when
   * ListVirtualMFADevices could not be read (then the snapshot's `unreadable` says why).
   */
  rootMfaType: 'virtual' | 'hardware' | 'none' | 'unknown';
  /** The first of `rootVirtualMfaSerials` (what iam-root-mfa records). */
  rootVirtualMfaSerial?: string;
  /** Every assigned virtual device whose user is the root (the root may register up to eight devices). */
  rootVirtualMfaSerials?: string[];
}

/**
 * The account password policy for IAM users (id = account id). `present: false` when IAM answers
 * NoSuchEntity: no policy is set and IAM's defaults (8 characters, nothing else) apply.
 */
export interface IamPasswordPolicyState {
  accountId: string;
  present: boolean;
  minimumPasswordLength?: number;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
  /** How many previous passwords cannot be reused; absent when reuse is not limited. */
  passwordReusePrevention?: number;
  expirePasswords?: boolean;
  /** Days a password is valid; absent when passwords never expire. */
  maxPasswordAge?: number;
  allowUsersToChangePassword?: boolean;
  hardExpiry?: boolean;
}

/** When the facts of a credential snapshot were true: a credential report's generation time, or a live read. */
type CredentialFactsSource = { source: 'credential-report'; generatedTime: string } | { source: 'ListAccessKeys' };

/** One access key of an IAM user (slot 1 or 2 of the credential report, or a ListAccessKeys entry). */
export interface IamAccessKeyFacts {
  /** The access key id (ListAccessKeys), or the report's slot ("access_key_1"). */
  key: string;
  active: boolean;
  /** When the key was created or last rotated; absent when the source does not say. */
  lastRotated?: string;
  /** Last use of the key; absent when it was never used (or the source does not say). */
  lastUsed?: string;
}

/** An IAM user's access keys, for key-age verdicts (id = user name). */
export interface IamUserAccessKeysState {
  userName: string;
  arn?: string;
  accessKeys: IamAccessKeyFacts[];
  from: CredentialFactsSource;
}

/** An IAM user's row of the credential report, for credential-use verdicts (id = user name). */
export interface IamUserCredentialsState extends IamUserAccessKeysState {
  userCreationTime: string;
  passwordEnabled: boolean;
  /** Last console sign-in with the password; absent when never used (the report's no_information). */
  passwordLastUsed?: string;
  /** When the password was last set; absent without a password. */
  passwordLastChanged?: string;
}
