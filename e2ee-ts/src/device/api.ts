/** The HTTP API a device uses (docs/protocol.md): tokens, the key directory and user look-ups, over global fetch. */

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryable: boolean,
      readonly retryAfterMs?: number) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface Token { token: string; expiresAt: number; userId: string; deviceId: string }
export interface SignedPreKeyJson { keyId: number; publicKey: string; signature: string }
export interface OneTimePreKeyJson { keyId: number; publicKey: string }
export interface KeyUpload {
  suite: 'signal-v3';
  identityKey: string;
  registrationId: number;
  signedPreKey?: SignedPreKeyJson;
  oneTimePreKeys: OneTimePreKeyJson[];
}
export interface KeyCounts { suite?: string; oneTimePreKeys: number; signedPreKeyId?: number }
export interface DeviceIdentityKey { deviceId: string; suite: string; registrationId: number; identityKey: string }
export interface IdentityKeys {
  userId: string;
  devices: DeviceIdentityKey[];
  /** The user's signed device list (base64 of a SignedDeviceList) as one of their devices uploaded it; none yet. */
  deviceList?: string | null;
}
export interface DeviceListVersion { version: number }
export interface BundleJson {
  deviceId: string;
  suite: string;
  registrationId: number;
  identityKey: string;
  signedPreKey: SignedPreKeyJson;
  oneTimePreKey?: OneTimePreKeyJson;
  lastResort: boolean;
}
export interface UserJson { userId: string; handle: string; displayName: string }

/** Renews the token a minute before it expires. */
const TOKEN_MARGIN_MS = 60_000;

export class ChatApi {
  private current?: Token;

  /** {@code baseUrl} like {@code http://127.0.0.1:8081}; {@code credential} is the device's {@code dc1.…}. */
  constructor(private readonly baseUrl: string, private readonly credential: string,
      private readonly fetcher: typeof fetch = (input, init) => globalThis.fetch(input, init)) {}

  /** A valid short-lived token (POST /v1/tokens), fetched again shortly before it expires. */
  async token(): Promise<Token> {
    if (!this.current || this.current.expiresAt - TOKEN_MARGIN_MS < Date.now()) {
      this.current = await this.call<Token>('POST', '/v1/tokens', { credential: this.credential }, false);
    }
    return this.current;
  }

  publishKeys(upload: KeyUpload): Promise<KeyCounts> {
    return this.call('PUT', '/v1/keys', upload);
  }

  keyCounts(): Promise<KeyCounts> {
    return this.call('GET', '/v1/keys');
  }

  /**
   * The user's devices with published keys (the calling device left out) and their signed device list; no prekey
   * is handed out.
   */
  identityKeys(userId: string): Promise<IdentityKeys> {
    return this.call('GET', `/v1/identity-keys/${encodeURIComponent(userId)}`);
  }

  /**
   * Publishes the account's signed device list (base64 of a SignedDeviceList); the version must be above the stored
   * one ({@code 409 DEVICE_LIST_STALE} otherwise).
   */
  putDeviceList(signedListBase64: string): Promise<DeviceListVersion> {
    return this.call('PUT', '/v1/device-list', { suite: 'signal-v3', signedList: signedListBase64 });
  }

  /** One device's bundle; uses up one of its one-time prekeys. */
  bundle(userId: string, deviceId: string): Promise<BundleJson> {
    return this.call('GET', `/v1/keys/${encodeURIComponent(userId)}/${encodeURIComponent(deviceId)}`);
  }

  user(handle: string): Promise<UserJson> {
    return this.call('GET', `/v1/users/${encodeURIComponent(handle.replace(/^@/, ''))}`);
  }

  private async call<T>(method: string, path: string, body?: unknown, bearer = true): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (bearer) headers.Authorization = `Bearer ${(await this.token()).token}`;
    const response = await this.fetcher(this.baseUrl + path,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) {
      let error: { code?: string; message?: string; retryable?: boolean; retryAfterMs?: number } = {};
      try {
        error = JSON.parse(text);
      } catch {
        // not the API's error shape (a proxy's answer, say)
      }
      throw new ApiError(response.status, error.code ?? 'HTTP', error.message ?? text, error.retryable ?? false,
        error.retryAfterMs);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
}
