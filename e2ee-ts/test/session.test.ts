import { describe, expect, it } from 'vitest';
import {
  GroupCipher, GroupSessionBuilder, InMemorySenderKeyStore, InMemorySignalStore, SessionCipher, generateKeyPair,
  processBundle, sign, verify,
} from '../src/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const ALICE = { userId: 'ualice', deviceId: 'd1' };
const BOB = { userId: 'ubob', deviceId: 'd1' };

function pair() {
  const alice = new InMemorySignalStore(generateKeyPair(), 1);
  const bobIdentity = generateKeyPair();
  const bob = new InMemorySignalStore(bobIdentity, 2);
  const signed = generateKeyPair();
  bob.signedPreKeys.set(1, signed);
  const oneTime = generateKeyPair();
  bob.oneTimePreKeys.set(9, oneTime);
  processBundle(alice, BOB, { registrationId: 2, identityKey: bobIdentity.publicKey, signedPreKeyId: 1,
    signedPreKey: signed.publicKey, signedPreKeySignature: sign(bobIdentity.privateKey, signed.publicKey),
    oneTimePreKeyId: 9, oneTimePreKey: oneTime.publicKey });
  return { alice: new SessionCipher(alice), bob: new SessionCipher(bob), bobStore: bob };
}

describe('XEdDSA', () => {
  it('verifies its own signatures and refuses a flipped bit', () => {
    const key = generateKeyPair();
    const signature = sign(key.privateKey, enc('m'));
    expect(verify(key.publicKey, enc('m'), signature)).toBe(true);
    const tampered = signature.slice();
    tampered[5] ^= 1;
    expect(verify(key.publicKey, enc('m'), tampered)).toBe(false);
    expect(verify(key.publicKey, enc('n'), signature)).toBe(false);
  });
});

describe('pairwise sessions', () => {
  it('talk both ways and use the one-time prekey once', () => {
    const { alice, bob, bobStore } = pair();
    const first = alice.encrypt(BOB, enc('hello'));
    expect(first.kind).toBe('prekey');
    expect(bob.decrypt(ALICE, first)).toEqual({ ok: true, plaintext: enc('hello') });
    expect(bobStore.oneTimePreKey(9)).toBeUndefined();
    const reply = bob.encrypt(ALICE, enc('hi'));
    expect(reply.kind).toBe('whisper');
    const opened = alice.decrypt(BOB, reply);
    expect(opened.ok && dec(opened.plaintext)).toBe('hi');
    expect(alice.encrypt(BOB, enc('x')).kind).toBe('whisper');
  });

  it('refuses a replay and a tampered message without disturbing the session', () => {
    const { alice, bob } = pair();
    const first = alice.encrypt(BOB, enc('once'));
    expect(bob.decrypt(ALICE, first).ok).toBe(true);
    expect(bob.decrypt(ALICE, first)).toMatchObject({ ok: false, failure: 'DUPLICATE' });
    expect(alice.decrypt(BOB, bob.encrypt(ALICE, enc('answer'))).ok).toBe(true);
    const next = alice.encrypt(BOB, enc('next'));
    expect(next.kind).toBe('whisper');
    const tampered = next.serialized.slice();
    tampered[tampered.length - 1] ^= 1;
    expect(bob.decrypt(ALICE, { kind: next.kind, serialized: tampered }).ok).toBe(false);
    expect(bob.decrypt(ALICE, { kind: next.kind, serialized: next.serialized.slice(0, 7) }))
      .toMatchObject({ ok: false, failure: 'MALFORMED' });
    expect(bob.decrypt(ALICE, next).ok).toBe(true);
  });

  it('decrypts out of order', () => {
    const { alice, bob } = pair();
    const messages = [0, 1, 2, 3].map((i) => alice.encrypt(BOB, enc(`m${i}`)));
    for (const i of [2, 0, 3, 1]) {
      const r = bob.decrypt(ALICE, messages[i]);
      expect(r.ok && dec(r.plaintext)).toBe(`m${i}`);
    }
  });
});

describe('sender keys', () => {
  it('open in any order, refuse replays, and wait for their key', () => {
    const own = { conversationId: 'g1', sender: ALICE };
    const aliceKeys = new InMemorySenderKeyStore();
    const bobKeys = new InMemorySenderKeyStore();
    const distribution = new GroupSessionBuilder(aliceKeys).distribution(own);
    const sent = [0, 1, 2].map((i) => new GroupCipher(aliceKeys).encrypt(own, enc(`g${i}`)));
    const bob = new GroupCipher(bobKeys);
    expect(bob.decrypt(own, sent[0])).toMatchObject({ ok: false, failure: 'NO_SENDER_KEY' });
    new GroupSessionBuilder(bobKeys).process(own, distribution);
    for (const i of [1, 2, 0]) {
      const r = bob.decrypt(own, sent[i]);
      expect(r.ok && dec(r.plaintext)).toBe(`g${i}`);
    }
    expect(bob.decrypt(own, sent[1])).toMatchObject({ ok: false, failure: 'DUPLICATE' });
  });
});
