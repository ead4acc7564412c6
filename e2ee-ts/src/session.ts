import { ascii, concat, equal } from './bytes.js';
import { KeyPair, agree, generateKeyPair, verify } from './curve.js';
import { Decryption, DecryptError, InvalidMessage } from './errors.js';
import {
  PreKeySignalMessage, SignalMessage, createPreKeySignalMessage, createSignalMessage, parsePreKeySignalMessage,
  parseSignalMessage, verifySignalMac,
} from './messages.js';
import { aesCbcDecrypt, aesCbcEncrypt, hkdfSha256, hmacSha256 } from './primitives.js';

const MAX_FORWARD_JUMP = 2000;
const MAX_SKIPPED_KEYS = 2000;
const MAX_RECEIVER_CHAINS = 5;
const MAX_PREVIOUS_STATES = 40;

/** One device of one user. */
export interface Address {
  userId: string;
  deviceId: string;
}
const addressKey = (a: Address) => `${a.userId}.${a.deviceId}`;

export interface PreKeyBundle {
  registrationId: number;
  identityKey: Uint8Array;
  signedPreKeyId: number;
  signedPreKey: Uint8Array;
  signedPreKeySignature: Uint8Array;
  oneTimePreKeyId?: number;
  oneTimePreKey?: Uint8Array;
}

interface ChainKey { key: Uint8Array; index: number }
interface MessageKeys { cipherKey: Uint8Array; macKey: Uint8Array; iv: Uint8Array; counter: number }
interface ReceiverChain { ratchetKey: Uint8Array; chainKey: ChainKey; skipped: Map<number, MessageKeys> }

export interface SessionState {
  suite: 'signal-v3';
  localIdentity: Uint8Array;
  remoteIdentity: Uint8Array;
  localRegistrationId: number;
  remoteRegistrationId: number;
  baseKey: Uint8Array;
  rootKey: Uint8Array;
  senderRatchetKey: KeyPair;
  senderChainKey: ChainKey;
  previousCounter: number;
  pending?: { preKeyId?: number; signedPreKeyId: number; baseKey: Uint8Array };
  receiverChains: ReceiverChain[];
}

export interface SessionRecord { current?: SessionState; previous: SessionState[] }

/** A device's own keys and its sessions; trust of identity keys is per user (devices share the account key). */
export interface SignalStore {
  identityKeyPair(): KeyPair;
  localRegistrationId(): number;
  signedPreKey(id: number): KeyPair | undefined;
  oneTimePreKey(id: number): KeyPair | undefined;
  removeOneTimePreKey(id: number): void;
  loadSession(address: Address): SessionRecord | undefined;
  storeSession(address: Address, record: SessionRecord): void;
  isTrustedIdentity(address: Address, identityKey: Uint8Array): boolean;
  saveIdentity(address: Address, identityKey: Uint8Array): void;
}

/** In memory, trusting on first use; records are cloned in and out as a durable store would copy them. */
export class InMemorySignalStore implements SignalStore {
  readonly signedPreKeys = new Map<number, KeyPair>();
  readonly oneTimePreKeys = new Map<number, KeyPair>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly identities = new Map<string, Uint8Array>();

  constructor(private readonly identity: KeyPair, private readonly registrationId: number) {}

  identityKeyPair() { return this.identity; }
  localRegistrationId() { return this.registrationId; }
  signedPreKey(id: number) { return this.signedPreKeys.get(id); }
  oneTimePreKey(id: number) { return this.oneTimePreKeys.get(id); }
  removeOneTimePreKey(id: number) { this.oneTimePreKeys.delete(id); }
  loadSession(a: Address) {
    const r = this.sessions.get(addressKey(a));
    return r && structuredClone(r);
  }
  storeSession(a: Address, r: SessionRecord) { this.sessions.set(addressKey(a), structuredClone(r)); }
  isTrustedIdentity(a: Address, key: Uint8Array) {
    const known = this.identities.get(a.userId);
    return known === undefined || equal(known, key);
  }
  saveIdentity(a: Address, key: Uint8Array) { this.identities.set(a.userId, key); }
}

export type CiphertextKind = 'prekey' | 'whisper';
export interface CiphertextMessage { kind: CiphertextKind; serialized: Uint8Array }

const nextChain = (c: ChainKey): ChainKey => ({ key: hmacSha256(c.key, Uint8Array.of(2)), index: c.index + 1 });
function messageKeys(c: ChainKey): MessageKeys {
  const m = hkdfSha256(hmacSha256(c.key, Uint8Array.of(1)), undefined, ascii('WhisperMessageKeys'), 80);
  return { cipherKey: m.slice(0, 32), macKey: m.slice(32, 64), iv: m.slice(64, 80), counter: c.index };
}
function rootStep(rootKey: Uint8Array, theirRatchetKey: Uint8Array, ours: KeyPair) {
  const d = hkdfSha256(agree(ours.privateKey, theirRatchetKey), rootKey, ascii('WhisperRatchet'), 64);
  return { rootKey: d.slice(0, 32), chainKey: { key: d.slice(32, 64), index: 0 } };
}
function x3dhDerive(secrets: Uint8Array[]) {
  const d = hkdfSha256(concat(new Uint8Array(32).fill(0xff), ...secrets), undefined, ascii('WhisperText'), 64);
  return { rootKey: d.slice(0, 32), chainKey: d.slice(32, 64) };
}

/** Starts a session with a device from its bundle (X3DH initiator). Throws if the signature is bad or untrusted. */
export function processBundle(store: SignalStore, address: Address, bundle: PreKeyBundle): void {
  if (!verify(bundle.identityKey, bundle.signedPreKey, bundle.signedPreKeySignature)) {
    throw new Error('the signed prekey signature does not verify with the identity key');
  }
  if (!store.isTrustedIdentity(address, bundle.identityKey)) throw new Error(`the identity key of ${addressKey(address)} changed`);
  const identity = store.identityKeyPair();
  const baseKey = generateKeyPair();
  const ratchet = generateKeyPair();
  const secrets = [agree(identity.privateKey, bundle.signedPreKey), agree(baseKey.privateKey, bundle.identityKey),
    agree(baseKey.privateKey, bundle.signedPreKey)];
  if (bundle.oneTimePreKey) secrets.push(agree(baseKey.privateKey, bundle.oneTimePreKey));
  const derived = x3dhDerive(secrets);
  const sending = rootStep(derived.rootKey, bundle.signedPreKey, ratchet);
  const state: SessionState = {
    suite: 'signal-v3', localIdentity: identity.publicKey, remoteIdentity: bundle.identityKey,
    localRegistrationId: store.localRegistrationId(), remoteRegistrationId: bundle.registrationId,
    baseKey: baseKey.publicKey, rootKey: sending.rootKey, senderRatchetKey: ratchet, senderChainKey: sending.chainKey,
    previousCounter: 0,
    pending: { preKeyId: bundle.oneTimePreKeyId, signedPreKeyId: bundle.signedPreKeyId, baseKey: baseKey.publicKey },
    receiverChains: [{ ratchetKey: bundle.signedPreKey, chainKey: { key: derived.chainKey, index: 0 }, skipped: new Map() }],
  };
  const record = store.loadSession(address) ?? { previous: [] };
  promote(record, state);
  store.saveIdentity(address, bundle.identityKey);
  store.storeSession(address, record);
}

function promote(record: SessionRecord, state: SessionState): void {
  if (record.current) {
    record.previous.unshift(record.current);
    record.previous.length = Math.min(record.previous.length, MAX_PREVIOUS_STATES);
  }
  record.current = state;
}

/** Double Ratchet encryption and decryption with one store; decryption never changes state on failure. */
export class SessionCipher {
  constructor(private readonly store: SignalStore) {}

  hasSession(address: Address): boolean {
    return this.store.loadSession(address)?.current !== undefined;
  }

  encrypt(address: Address, plaintext: Uint8Array): CiphertextMessage {
    const record = this.store.loadSession(address);
    const state = record?.current;
    if (!record || !state) throw new Error(`no session with ${addressKey(address)}`);
    const chain = state.senderChainKey;
    const keys = messageKeys(chain);
    const message = createSignalMessage(keys.macKey, state.localIdentity, state.remoteIdentity,
      state.senderRatchetKey.publicKey, chain.index, state.previousCounter, aesCbcEncrypt(keys.cipherKey, keys.iv, plaintext));
    state.senderChainKey = nextChain(chain);
    this.store.storeSession(address, record);
    if (!state.pending) return { kind: 'whisper', serialized: message.serialized };
    const initial = createPreKeySignalMessage({ registrationId: state.localRegistrationId, preKeyId: state.pending.preKeyId,
      signedPreKeyId: state.pending.signedPreKeyId, baseKey: state.pending.baseKey, identityKey: state.localIdentity, message });
    return { kind: 'prekey', serialized: initial.serialized };
  }

  decrypt(address: Address, message: CiphertextMessage): Decryption {
    try {
      const plaintext = message.kind === 'prekey'
        ? this.decryptInitial(address, parsePreKeySignalMessage(message.serialized))
        : this.decryptEstablished(address, parseSignalMessage(message.serialized));
      return { ok: true, plaintext };
    } catch (e) {
      if (e instanceof DecryptError) return { ok: false, failure: e.failure, detail: e.message };
      throw e;
    }
  }

  private decryptInitial(address: Address, message: PreKeySignalMessage): Uint8Array {
    if (!this.store.isTrustedIdentity(address, message.identityKey)) {
      throw new DecryptError('UNTRUSTED_IDENTITY', `the identity key of ${addressKey(address)} changed`);
    }
    const record = this.store.loadSession(address) ?? { previous: [] };
    let used: number | undefined;
    const known = [record.current, ...record.previous].some((s) => s && equal(s.baseKey, message.baseKey));
    if (!known) {
      const signed = this.store.signedPreKey(message.signedPreKeyId);
      if (!signed) throw new DecryptError('UNKNOWN_PREKEY', `no signed prekey ${message.signedPreKeyId}`);
      let oneTime: KeyPair | undefined;
      if (message.preKeyId !== undefined) {
        oneTime = this.store.oneTimePreKey(message.preKeyId);
        if (!oneTime) throw new DecryptError('UNKNOWN_PREKEY', `no one-time prekey ${message.preKeyId}`);
      }
      const identity = this.store.identityKeyPair();
      const secrets = [agree(signed.privateKey, message.identityKey), agree(identity.privateKey, message.baseKey),
        agree(signed.privateKey, message.baseKey)];
      if (oneTime) secrets.push(agree(oneTime.privateKey, message.baseKey));
      const derived = x3dhDerive(secrets);
      promote(record, {
        suite: 'signal-v3', localIdentity: identity.publicKey, remoteIdentity: message.identityKey,
        localRegistrationId: this.store.localRegistrationId(), remoteRegistrationId: message.registrationId,
        baseKey: message.baseKey, rootKey: derived.rootKey, senderRatchetKey: signed,
        senderChainKey: { key: derived.chainKey, index: 0 }, previousCounter: 0, receiverChains: [],
      });
      used = message.preKeyId;
    }
    const plaintext = decryptWithRecord(record, message.message);
    this.store.saveIdentity(address, message.identityKey);
    this.store.storeSession(address, record);
    if (used !== undefined) this.store.removeOneTimePreKey(used);
    return plaintext;
  }

  private decryptEstablished(address: Address, message: SignalMessage): Uint8Array {
    const record = this.store.loadSession(address);
    if (!record?.current) throw new DecryptError('NO_SESSION', `no session with ${addressKey(address)}`);
    const plaintext = decryptWithRecord(record, message);
    this.store.storeSession(address, record);
    return plaintext;
  }
}

function decryptWithRecord(record: SessionRecord, message: SignalMessage): Uint8Array {
  let first: DecryptError | undefined;
  const states = [record.current!, ...record.previous];
  for (let i = 0; i < states.length; i++) {
    const candidate = structuredClone(states[i]);
    try {
      const plaintext = decryptWithState(candidate, message);
      if (i === 0) record.current = candidate;
      else {
        record.previous.splice(i - 1, 1);
        promote(record, candidate);
      }
      return plaintext;
    } catch (e) {
      if (!(e instanceof DecryptError)) throw e;
      first ??= e;
    }
  }
  throw first!;
}

function decryptWithState(state: SessionState, message: SignalMessage): Uint8Array {
  let chain = state.receiverChains.find((c) => equal(c.ratchetKey, message.ratchetKey));
  if (!chain) {
    const ours = generateKeyPair();
    const receiving = rootStep(state.rootKey, message.ratchetKey, state.senderRatchetKey);
    const sending = rootStep(receiving.rootKey, message.ratchetKey, ours);
    state.rootKey = sending.rootKey;
    chain = { ratchetKey: message.ratchetKey, chainKey: receiving.chainKey, skipped: new Map() };
    state.receiverChains.push(chain);
    if (state.receiverChains.length > MAX_RECEIVER_CHAINS) state.receiverChains.shift();
    state.previousCounter = Math.max(state.senderChainKey.index - 1, 0);
    state.senderRatchetKey = ours;
    state.senderChainKey = sending.chainKey;
  }
  const keys = takeMessageKeys(chain, message.counter);
  if (!verifySignalMac(message, state.remoteIdentity, state.localIdentity, keys.macKey)) {
    throw new DecryptError('BAD_MAC', 'the MAC does not match');
  }
  const plaintext = aesCbcDecrypt(keys.cipherKey, keys.iv, message.ciphertext);
  if (!plaintext) throw new DecryptError('BAD_MAC', 'bad padding');
  delete state.pending;
  return plaintext;
}

function takeMessageKeys(chain: ReceiverChain, counter: number): MessageKeys {
  let ck = chain.chainKey;
  if (ck.index > counter) {
    const skipped = chain.skipped.get(counter);
    if (!skipped) throw new DecryptError('DUPLICATE', `message ${counter} was already decrypted`);
    chain.skipped.delete(counter);
    return skipped;
  }
  if (counter - ck.index > MAX_FORWARD_JUMP) {
    throw new DecryptError('TOO_FAR_AHEAD', `message ${counter} is more than ${MAX_FORWARD_JUMP} ahead of ${ck.index}`);
  }
  while (ck.index < counter) {
    chain.skipped.set(ck.index, messageKeys(ck));
    if (chain.skipped.size > MAX_SKIPPED_KEYS) chain.skipped.delete(chain.skipped.keys().next().value!);
    ck = nextChain(ck);
  }
  chain.chainKey = nextChain(ck);
  return messageKeys(ck);
}

export { InvalidMessage };
