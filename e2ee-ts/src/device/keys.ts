import { randomBytes } from '../bytes.js';
import { generateKeyPair, sign } from '../curve.js';
import {
  deviceList, parseSignedDeviceList, serializeSignedDeviceList, signDeviceList, verifyDeviceList,
} from '../devicelist.js';
import { Address, InMemorySignalStore } from '../session.js';
import { ChatApi, OneTimePreKeyJson, SignedPreKeyJson } from './api.js';
import { fromBase64, toBase64 } from './base64.js';

/** One-time prekeys a device keeps published, and the count below which it tops them up (docs/protocol.md). */
export const ONE_TIME_TARGET = 100;
export const TOP_UP_BELOW = 20;
const MAX_REGISTRATION_ID = 16380;
const MAX_KEY_ID = 0xffffff;
const SIGNED_PRE_KEY_ID = 1;

/** The device cannot publish keys: another device of the account holds the identity, or the server holds others. */
export class KeysRefused extends Error {}

/**
 * This device's keys in the key directory, as the Java SDK's DeviceKeys: the account identity is made on the
 * account's first device, the signed prekey goes up with the first upload, and one-time prekeys are topped up to
 * {@link ONE_TIME_TARGET} when fewer than {@link TOP_UP_BELOW} remain. Private halves are stored before the public
 * ones go up; ids count upwards and are never reused. As the account's first device it also signs the account's
 * device list, naming itself.
 */
export class DeviceKeys {
  private signal?: InMemorySignalStore;
  private lastOneTimeId = 0;
  /** Whether the account's device list is known to be up: until it is, every publish tries again. */
  private listed = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly api: ChatApi) {}

  /** The store holding this device's private keys, once made. */
  get store(): InMemorySignalStore | undefined {
    return this.signal;
  }

  /**
   * Makes the identity if this is the account's first device, then publishes what the directory lacks: keys, and
   * the device list after them (the server takes a list only from a device whose keys it holds).
   */
  ensurePublished(self: Address): Promise<InMemorySignalStore> {
    const next = this.running.then(() => this.publish(self));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async publish(self: Address): Promise<InMemorySignalStore> {
    if (!this.signal) this.signal = await this.createIdentity(self.userId);
    const store = this.signal;
    await this.publishKeys(store);
    if (!this.listed) {
      await this.ensureDeviceList(self, store);
      this.listed = true;
    }
    return store;
  }

  private async publishKeys(store: InMemorySignalStore): Promise<void> {
    const counts = await this.api.keyCounts();
    const first = counts.signedPreKeyId === undefined;
    const missing = first || counts.oneTimePreKeys < TOP_UP_BELOW ? Math.max(0, ONE_TIME_TARGET - counts.oneTimePreKeys) : 0;
    if (!first && missing === 0) return;
    const identity = store.identityKeyPair();
    let signedPreKey: SignedPreKeyJson | undefined;
    if (first) {
      const key = store.signedPreKey(SIGNED_PRE_KEY_ID)!;
      signedPreKey = { keyId: SIGNED_PRE_KEY_ID, publicKey: toBase64(key.publicKey),
        signature: toBase64(sign(identity.privateKey, key.publicKey)) };
    }
    const oneTimePreKeys: OneTimePreKeyJson[] = [];
    for (let i = 0; i < missing; i++) {
      const id = (this.lastOneTimeId % MAX_KEY_ID) + 1;
      this.lastOneTimeId = id;
      const key = generateKeyPair();
      store.oneTimePreKeys.set(id, key);
      oneTimePreKeys.push({ keyId: id, publicKey: toBase64(key.publicKey) });
    }
    await this.api.publishKeys({ suite: 'signal-v3', identityKey: toBase64(identity.publicKey),
      registrationId: store.localRegistrationId(), signedPreKey, oneTimePreKeys });
  }

  /**
   * This device made the account identity, so it is the account's first device: without a list that verifies with
   * that identity no client trusts it, so it signs version 1 naming itself (docs/protocol.md, PUT /v1/device-list).
   * A list under another identity (the account's before all its devices were removed) counts as none.
   */
  private async ensureDeviceList(self: Address, store: InMemorySignalStore): Promise<void> {
    const identity = store.identityKeyPair();
    const stored = (await this.api.identityKeys(self.userId)).deviceList;
    if (stored && isAccepted(stored, identity.publicKey, self.userId)) return;
    const first = signDeviceList(deviceList(self.userId, 1, [self.deviceId], Date.now()), identity.privateKey);
    await this.api.putDeviceList(toBase64(serializeSignedDeviceList(first)));
  }

  private async createIdentity(userId: string): Promise<InMemorySignalStore> {
    const others = await this.api.identityKeys(userId);
    if (others.devices.length > 0) {
      throw new KeysRefused('the account has devices with keys already: this device must be linked (not supported'
        + ' by the TypeScript device yet)');
    }
    const counts = await this.api.keyCounts();
    if (counts.signedPreKeyId !== undefined) {
      throw new KeysRefused('the server holds keys of this device that this store does not have: log in as a new'
        + ' device');
    }
    const random = new DataView(randomBytes(4).buffer).getUint32(0);
    const store = new InMemorySignalStore(generateKeyPair(), 1 + (random % MAX_REGISTRATION_ID));
    store.signedPreKeys.set(SIGNED_PRE_KEY_ID, generateKeyPair());
    return store;
  }
}

function isAccepted(signedList: string, identityKey: Uint8Array, userId: string): boolean {
  try {
    return verifyDeviceList(parseSignedDeviceList(fromBase64(signedList)), identityKey, userId).kind === 'accepted';
  } catch {
    return false; // not base64, or no signed list: as good as none
  }
}
