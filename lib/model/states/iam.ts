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
  rootVirtualMfaSerial?: string;
}
