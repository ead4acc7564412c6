import type { Address, PreKeyBundle } from '../session.js';
import { ApiError, BundleJson, ChatApi } from './api.js';
import { fromBase64 } from './base64.js';
import type { BundleSource } from './conversation.js';

/** How long a user's device list is used before it is read again (as the Java SDK). */
export const DEVICE_LIST_TTL_MS = 5 * 60_000;

/**
 * The key directory as one device reads it (Java: {@code KeyDirectory}): a user's devices come from
 * GET /v1/identity-keys/{userId}, which hands out no prekey; a bundle, and with it a one-time prekey, is fetched
 * only to start a session.
 */
export class KeyDirectory implements BundleSource {
  private readonly listings = new Map<string, { fetchedAt: number; deviceIds: string[] }>();

  constructor(private readonly api: ChatApi, private readonly ttlMs = DEVICE_LIST_TTL_MS) {}

  /** The user's devices that published keys (for this device's own user: the others); none for an unknown user. */
  async devices(userId: string): Promise<Address[]> {
    let listing = this.listings.get(userId);
    if (!listing || Date.now() - listing.fetchedAt > this.ttlMs) {
      let deviceIds: string[];
      try {
        deviceIds = (await this.api.identityKeys(userId)).devices.map((d) => d.deviceId);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'USER_NOT_FOUND')) throw e;
        deviceIds = [];
      }
      listing = { fetchedAt: Date.now(), deviceIds };
      this.listings.set(userId, listing);
    }
    return listing.deviceIds.map((deviceId) => ({ userId, deviceId }));
  }

  /** Reads the user's list again on next use (a device was refused as unknown, or was added). */
  forget(userId: string): void {
    this.listings.delete(userId);
  }

  async fetch(device: Address): Promise<PreKeyBundle | undefined> {
    let bundle: BundleJson;
    try {
      bundle = await this.api.bundle(device.userId, device.deviceId);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DEVICE_NOT_FOUND') return undefined;
      throw e;
    }
    return toBundle(bundle);
  }
}

/** The library's form of a bundle; undefined when it is not of the suite this library speaks. */
export function toBundle(b: BundleJson): PreKeyBundle | undefined {
  if (b.suite !== 'signal-v3') return undefined;
  return {
    registrationId: b.registrationId,
    identityKey: fromBase64(b.identityKey),
    signedPreKeyId: b.signedPreKey.keyId,
    signedPreKey: fromBase64(b.signedPreKey.publicKey),
    signedPreKeySignature: fromBase64(b.signedPreKey.signature),
    oneTimePreKeyId: b.oneTimePreKey?.keyId,
    oneTimePreKey: b.oneTimePreKey ? fromBase64(b.oneTimePreKey.publicKey) : undefined,
  };
}
