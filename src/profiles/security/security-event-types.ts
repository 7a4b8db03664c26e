/** §17.5 (S§8): the security events, and which are critical (SecurityEventNotification SHALL be sent). */
export const securityEventTypes = {
  FirmwareUpdated: true,
  FailedToAuthenticateAtCentralSystem: false,
  CentralSystemFailedToAuthenticate: false,
  SettingSystemTime: true,
  StartupOfTheDevice: true,
  ResetOrReboot: true,
  SecurityLogWasCleared: true,
  ReconfigurationOfSecurityParameters: false,
  MemoryExhaustion: true,
  InvalidMessages: false,
  AttemptedReplayAttacks: false,
  TamperDetectionActivated: true,
  InvalidFirmwareSignature: false,
  InvalidFirmwareSigningCertificate: false,
  InvalidCentralSystemCertificate: false,
  InvalidChargePointCertificate: false,
  InvalidTLSVersion: false,
  InvalidTLSCipherSuite: false,
} as const;

export type SecurityEventType = keyof typeof securityEventTypes;

/** One line of the security log. */
export type SecurityEvent = { id: number; type: string; at: Date; techInfo: string | undefined; isCritical: boolean };
