import { DeviceList, DeviceListCheck, parseSignedDeviceList, verifyDeviceList } from '../devicelist.js';
import type { Address, PreKeyBundle } from '../session.js';
import { ApiError, BundleJson, ChatApi, DeviceIdentityKey, IdentityKeys } from './api.js';
import { fromBase64, toBase64, toHex } from './base64.js';
import type { BundleSource } from './conversation.js';

/** How long a user's device list is used before it is read again (as the Java SDK). */
export const DEVICE_LIST_TTL_MS = 5 * 60_000;

/** This device's account: its own list is verified with its own identity key, not with one the server hands out. */
export interface OwnAccount { userId: string; identityKey: Uint8Array }

/**
 * The key directory as one device reads it (Java: {@code KeyDirectory}): a user's devices come from
 * GET /v1/identity-keys/{userId}, which hands out no prekey; a bundle, and with it a one-time prekey, is fetched
 * only to start a session. A device is trusted only if the user's signed device list names it (docs/protocol.md,
 * "What a client does with it"): the server can add a device to {@code devices}, but cannot sign a list.
 */
export class KeyDirectory implements BundleSource {
  private readonly listings = new Map<string, { fetchedAt: number; deviceIds: string[] }>();
  /** The highest list accepted per user and identity key (hex): what a rollback by the server falls back to. */
  private readonly held = new Map<string, DeviceList>();

  constructor(private readonly api: ChatApi, private readonly own: OwnAccount,
      private readonly log: (message: string) => void = () => undefined, private readonly ttlMs = DEVICE_LIST_TTL_MS) {}

  /**
   * The user's devices that published keys and that the user's signed list names (for this device's own user: the
   * others); none for an unknown user, or one whose list is missing or refused.
   */
  async devices(userId: string): Promise<Address[]> {
    let listing = this.listings.get(userId);
    if (!listing || Date.now() - listing.fetchedAt > this.ttlMs) {
      listing = { fetchedAt: Date.now(), deviceIds: this.trusted(userId, await this.identityKeys(userId)) };
      this.listings.set(userId, listing);
    }
    return listing.deviceIds.map((deviceId) => ({ userId, deviceId }));
  }

  private async identityKeys(userId: string): Promise<IdentityKeys> {
    try {
      return await this.api.identityKeys(userId);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'USER_NOT_FOUND')) throw e;
      return { userId, devices: [] };
    }
  }

  /** The answer's devices under the user's identity key that the list verified with that key names. */
  private trusted(userId: string, answer: IdentityKeys): string[] {
    const identityKey = this.identityKeyOf(userId, answer.devices);
    if (identityKey === undefined) return [];
    const list = this.verifiedList(userId, identityKey, answer.deviceList);
    if (!list) return [];
    const carried = toBase64(identityKey);
    return answer.devices.filter((d) => d.identityKey === carried && list.deviceIds.includes(d.deviceId))
      .map((d) => d.deviceId);
  }

  /**
   * The key the user's list must verify with: this device's own for its own account; for another user the one
   * their devices carry (an account's devices share it). Undefined when there is none to verify with.
   */
  private identityKeyOf(userId: string, devices: DeviceIdentityKey[]): Uint8Array | undefined {
    if (userId === this.own.userId) return this.own.identityKey;
    const keys = new Set(devices.map((d) => d.identityKey));
    if (keys.size > 1) this.log(`the devices of ${userId} carry ${keys.size} identity keys: none of them is trusted`);
    if (keys.size !== 1) return undefined;
    try {
      return fromBase64([...keys][0]);
    } catch {
      this.log(`the identity key of ${userId} is not base64: none of their devices is trusted`);
      return undefined;
    }
  }

  /** The list to trust: the one served if it verifies and is not older than the one held, else the held one or none. */
  private verifiedList(userId: string, identityKey: Uint8Array, served: string | null | undefined)
      : DeviceList | undefined {
    if (!served) {
      this.log(`${userId} has no signed device list: none of their devices is trusted`);
      return undefined;
    }
    const name = `${userId}/${toHex(identityKey)}`;
    const held = this.held.get(name);
    const check = checked(served, identityKey, userId, held);
    if (check.kind === 'accepted') {
      this.held.set(name, check.list);
      return check.list;
    }
    if (check.kind === 'rollback') {
      this.log(`the server offered version ${check.offered} of the device list of ${userId}, older than the`
        + ` version ${check.held} held: the held one is used`);
      return held;
    }
    this.log(`the device list of ${userId} is refused (${check.reason}: ${check.detail}): none of their devices is`
      + ' trusted');
    return undefined;
  }

  /**
   * Reads the user's devices again on next use (a device was refused as unknown, or was added); the lists held stay,
   * so the next answer cannot roll back.
   */
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

/** The served list checked against the one held; bytes that are not even a signed list are MALFORMED. */
function checked(served: string, identityKey: Uint8Array, userId: string, held?: DeviceList): DeviceListCheck {
  try {
    return verifyDeviceList(parseSignedDeviceList(fromBase64(served)), identityKey, userId, held);
  } catch (e) {
    return { kind: 'refused', reason: 'MALFORMED', detail: `not a signed device list: ${(e as Error).message}` };
  }
}
