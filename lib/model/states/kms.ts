/** What kms-key-rotation-enabled needs to know about one key. */
export interface KmsKeyState {
  keyId: string;
  /** "AWS" or "CUSTOMER". */
  keyManager: string;
  /** "SYMMETRIC_DEFAULT", "RSA_2048", "HMAC_256", ... */
  keySpec: string;
  /** "Enabled", "Disabled", "PendingDeletion", ... */
  keyState: string;
  keyUsage: string;
  /** "AWS_KMS", "EXTERNAL" (imported material), "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE". */
  origin: string;
  /** null when not read: rotation is unsupported for this key, or its state refuses the call. */
  rotationEnabled: boolean | null;
  rotationPeriodInDays: number | null;
  /** ISO time the key is scheduled to be deleted, when PendingDeletion. */
  deletionDate: string | null;
}

/**
 * Automatic rotation exists only for symmetric customer-managed keys whose material KMS made;
 * GetKeyRotationStatus errors on the others, so we never call it for them.
 */
export function rotationSupported(key: Pick<KmsKeyState, 'keyManager' | 'keySpec' | 'origin'>): boolean {
  return key.keyManager === 'CUSTOMER' && key.keySpec === 'SYMMETRIC_DEFAULT' && key.origin === 'AWS_KMS';
}
