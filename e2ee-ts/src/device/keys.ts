import { randomBytes } from '../bytes.js';
import { generateKeyPair, sign } from '../curve.js';
import { InMemorySignalStore } from '../session.js';
import { ChatApi, OneTimePreKeyJson, SignedPreKeyJson } from './api.js';
import { toBase64 } from './base64.js';

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
 * ones go up; ids count upwards and are never reused.
 */
export class DeviceKeys {
  private signal?: InMemorySignalStore;
  private lastOneTimeId = 0;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly api: ChatApi) {}

  /** The store holding this device's private keys, once made. */
  get store(): InMemorySignalStore | undefined {
    return this.signal;
  }

  /** Makes the identity if this is the account's first device, then publishes what the directory lacks. */
  ensurePublished(userId: string): Promise<InMemorySignalStore> {
    const next = this.running.then(() => this.publish(userId));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async publish(userId: string): Promise<InMemorySignalStore> {
    if (!this.signal) this.signal = await this.createIdentity(userId);
    const store = this.signal;
    const counts = await this.api.keyCounts();
    const first = counts.signedPreKeyId === undefined;
    const missing = first || counts.oneTimePreKeys < TOP_UP_BELOW ? Math.max(0, ONE_TIME_TARGET - counts.oneTimePreKeys) : 0;
    if (!first && missing === 0) return store;
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
    return store;
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
