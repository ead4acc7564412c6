import { ascii, randomBytes } from './bytes.js';
import { generateKeyPair } from './curve.js';
import { Decryption, InvalidMessage } from './errors.js';
import {
  SenderKeyDistributionMessage, createSenderKeyDistributionMessage, createSenderKeyMessage, parseSenderKeyMessage,
  verifySenderKeyMessage,
} from './messages.js';
import { aesCbcDecrypt, aesCbcEncrypt, hkdfSha256, hmacSha256 } from './primitives.js';
import type { Address } from './session.js';

const MAX_FORWARD_JUMP = 2000;
const MAX_SKIPPED_KEYS = 2000;
/** Chains kept per sender device and conversation, as the Java library (Signal keeps 5): history survives rotations. */
const MAX_STATES = 100;

interface SenderChainKey { iteration: number; key: Uint8Array }
interface SenderMessageKey { iteration: number; iv: Uint8Array; cipherKey: Uint8Array }
export interface SenderKeyState {
  keyId: number;
  origin: SenderChainKey;
  chainKey: SenderChainKey;
  signingKey: Uint8Array;
  signingPrivateKey?: Uint8Array;
  skipped: Map<number, SenderMessageKey>;
}
export interface SenderKeyRecord { suite: 'signal-v3'; states: SenderKeyState[] }

/** Whose Sender Key in which conversation. */
export interface SenderKeyName { conversationId: string; sender: Address }
const nameKey = (n: SenderKeyName) => `${n.conversationId}/${n.sender.userId}.${n.sender.deviceId}`;

export interface SenderKeyStore {
  load(name: SenderKeyName): SenderKeyRecord | undefined;
  store(name: SenderKeyName, record: SenderKeyRecord): void;
}

export class InMemorySenderKeyStore implements SenderKeyStore {
  private readonly records = new Map<string, SenderKeyRecord>();
  load(name: SenderKeyName) {
    const r = this.records.get(nameKey(name));
    return r && structuredClone(r);
  }
  store(name: SenderKeyName, record: SenderKeyRecord) { this.records.set(nameKey(name), structuredClone(record)); }
}

const next = (c: SenderChainKey): SenderChainKey => ({ iteration: c.iteration + 1, key: hmacSha256(c.key, Uint8Array.of(2)) });
function messageKey(c: SenderChainKey): SenderMessageKey {
  const m = hkdfSha256(hmacSha256(c.key, Uint8Array.of(1)), undefined, ascii('WhisperGroup'), 48);
  return { iteration: c.iteration, iv: m.slice(0, 16), cipherKey: m.slice(16, 48) };
}
const toDistribution = (s: SenderKeyState, at: SenderChainKey) =>
  createSenderKeyDistributionMessage(s.keyId, at.iteration, at.key, s.signingKey);

/** This device's Sender Keys and the ones it received. */
export class GroupSessionBuilder {
  constructor(private readonly store: SenderKeyStore) {}

  /** The own current key (created on first use), where its chain stands now. */
  distribution(own: SenderKeyName): SenderKeyDistributionMessage {
    const record = this.store.load(own) ?? { suite: 'signal-v3', states: [] };
    let state = record.states[0];
    if (!state?.signingPrivateKey) state = create(record);
    this.store.store(own, record);
    return toDistribution(state, state.chainKey);
  }

  rotate(own: SenderKeyName): SenderKeyDistributionMessage {
    const record = this.store.load(own) ?? { suite: 'signal-v3', states: [] };
    const state = create(record);
    this.store.store(own, record);
    return toDistribution(state, state.chainKey);
  }

  /** Every key held under {@code name}, from the start of its chain (for a new device's history). */
  fromTheStart(name: SenderKeyName): SenderKeyDistributionMessage[] {
    return (this.store.load(name)?.states ?? []).map((s) => toDistribution(s, s.origin));
  }

  /**
   * The own Sender Key {@code keyId} from chain position {@code iteration}, clamped to the chain's origin and where
   * it stands now (Java: {@code GroupSessionBuilder.ownAt}): what a device that asks for it again is given.
   * Undefined when no own key of that id is held.
   */
  ownAt(own: SenderKeyName, keyId: number, iteration: number): SenderKeyDistributionMessage | undefined {
    const state = this.store.load(own)?.states.find((s) => s.keyId === keyId && s.signingPrivateKey);
    if (!state) return undefined;
    const target = Math.min(Math.max(iteration, state.origin.iteration), state.chainKey.iteration);
    let at = state.origin;
    while (at.iteration < target) at = next(at);
    return toDistribution(state, at);
  }

  /** False when a key of that id is already held (an old chain position is never let back in). */
  process(sender: SenderKeyName, message: SenderKeyDistributionMessage): boolean {
    const record = this.store.load(sender) ?? { suite: 'signal-v3', states: [] };
    if (record.states.some((s) => s.keyId === message.keyId)) return false;
    const origin = { iteration: message.iteration, key: message.chainKey };
    record.states.unshift({ keyId: message.keyId, origin, chainKey: origin, signingKey: message.signingKey, skipped: new Map() });
    record.states.length = Math.min(record.states.length, MAX_STATES);
    this.store.store(sender, record);
    return true;
  }
}

function create(record: SenderKeyRecord): SenderKeyState {
  const signing = generateKeyPair();
  let keyId: number;
  do {
    keyId = new DataView(randomBytes(4).buffer).getUint32(0) & 0x7fffffff;
  } while (record.states.some((s) => s.keyId === keyId));
  const origin = { iteration: 0, key: randomBytes(32) };
  const state: SenderKeyState = { keyId, origin, chainKey: origin, signingKey: signing.publicKey,
    signingPrivateKey: signing.privateKey, skipped: new Map() };
  record.states.unshift(state);
  record.states.length = Math.min(record.states.length, MAX_STATES);
  return state;
}

export class GroupCipher {
  constructor(private readonly store: SenderKeyStore) {}

  encrypt(own: SenderKeyName, plaintext: Uint8Array): Uint8Array {
    const record = this.store.load(own);
    const state = record?.states[0];
    if (!record || !state?.signingPrivateKey) throw new Error('no own sender key for this conversation');
    const key = messageKey(state.chainKey);
    const message = createSenderKeyMessage(state.keyId, key.iteration, aesCbcEncrypt(key.cipherKey, key.iv, plaintext),
      state.signingPrivateKey);
    state.chainKey = next(state.chainKey);
    this.store.store(own, record);
    return message.serialized;
  }

  decrypt(sender: SenderKeyName, serialized: Uint8Array): Decryption {
    let message;
    try {
      message = parseSenderKeyMessage(serialized);
    } catch (e) {
      if (e instanceof InvalidMessage) return { ok: false, failure: 'MALFORMED', detail: e.message };
      throw e;
    }
    const record = this.store.load(sender);
    const index = record?.states.findIndex((s) => s.keyId === message.keyId) ?? -1;
    if (!record || index < 0) return { ok: false, failure: 'NO_SENDER_KEY', detail: `no sender key ${message.keyId}` };
    const state = record.states[index];
    if (!verifySenderKeyMessage(message, state.signingKey)) {
      return { ok: false, failure: 'BAD_SIGNATURE', detail: 'the signature does not verify' };
    }
    let key: SenderMessageKey | undefined;
    let chain = state.chainKey;
    if (chain.iteration > message.iteration) {
      key = state.skipped.get(message.iteration);
      if (!key) return { ok: false, failure: 'DUPLICATE', detail: `message ${message.iteration} was already decrypted` };
      state.skipped.delete(message.iteration);
    } else {
      if (message.iteration - chain.iteration > MAX_FORWARD_JUMP) {
        return { ok: false, failure: 'TOO_FAR_AHEAD', detail: `message ${message.iteration} is too far ahead` };
      }
      while (chain.iteration < message.iteration) {
        state.skipped.set(chain.iteration, messageKey(chain));
        if (state.skipped.size > MAX_SKIPPED_KEYS) state.skipped.delete(state.skipped.keys().next().value!);
        chain = next(chain);
      }
      key = messageKey(chain);
      state.chainKey = next(chain);
    }
    const plaintext = aesCbcDecrypt(key.cipherKey, key.iv, message.ciphertext);
    if (!plaintext) return { ok: false, failure: 'MALFORMED', detail: 'bad padding under a valid signature' };
    this.store.store(sender, record);
    return { ok: true, plaintext };
  }
}
