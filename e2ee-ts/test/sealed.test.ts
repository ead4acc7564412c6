import { describe, expect, it } from 'vitest';
import {
  GroupCipher, GroupSessionBuilder, InMemorySenderKeyStore, InMemorySignalStore, decodePairwiseContent, decodeSealedBody,
  encodeHeldKey, encodeKeyRequest, encodeSealedBody, encodeSenderKeyFor, encodeSessionReset, generateKeyPair, sign,
} from '../src/index.js';
import { ConversationCrypto, directConversationId, fromBase64, toBase64 } from '../src/device/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('sealed bodies', () => {
  it('are {1: suite, 2: ciphertext} in protobuf and refuse unknown suites', () => {
    const body = encodeSealedBody({ suite: 'signal-v3', ciphertext: Uint8Array.of(0x33, 1, 2) });
    expect(Array.from(body)).toEqual([0x0a, 9, ...enc('signal-v3'), 0x12, 3, 0x33, 1, 2]);
    expect(decodeSealedBody(body)).toEqual({ suite: 'signal-v3', ciphertext: Uint8Array.of(0x33, 1, 2) });
    expect(() => decodeSealedBody(encodeSealedBody({ suite: 'signal-v9', ciphertext: Uint8Array.of(1) })))
      .toThrow(/unknown suite/);
    expect(() => decodeSealedBody(enc('not sealed'))).toThrow();
  });
});

describe('pairwise contents', () => {
  it('carry a Sender Key for a conversation, and a newer field alone is unknown', () => {
    const distribution = new GroupSessionBuilder(new InMemorySenderKeyStore())
      .distribution({ conversationId: 'g1', sender: { userId: 'ua', deviceId: 'd1' } });
    const content = decodePairwiseContent(encodeSenderKeyFor('g1', distribution));
    expect(content.kind === 'senderKey' && content.conversationId).toBe('g1');
    expect(content.kind === 'senderKey' && content.distribution.serialized).toEqual(distribution.serialized);
    expect(decodePairwiseContent(Uint8Array.of(0x2a, 1, 7))).toEqual({ kind: 'unknown' });
    expect(() => decodePairwiseContent(Uint8Array.of(0x0a, 2, 0x0a, 0))).toThrow();
  });
});

describe('recovery contents', () => {
  it('encode a session reset as {2: {}} and key requests and held keys as the Java library', () => {
    expect(Array.from(encodeSessionReset())).toEqual([0x12, 0]);
    expect(decodePairwiseContent(encodeSessionReset())).toEqual({ kind: 'sessionReset' });
    expect(Array.from(encodeKeyRequest('g', 300, 0))).toEqual([0x1a, 8, 0x0a, 1, 0x67, 0x10, 0xac, 0x02, 0x18, 0]);
    expect(decodePairwiseContent(encodeKeyRequest('g1', 0xffffffff, 7)))
      .toEqual({ kind: 'keyRequest', conversationId: 'g1', keyId: 0xffffffff, iteration: 7 });
    expect(decodePairwiseContent(encodeKeyRequest('g1', 5, 0, { userId: 'u\u00e9', deviceId: 'd2' })))
      .toEqual({ kind: 'keyRequest', conversationId: 'g1', keyId: 5, iteration: 0,
        chainOf: { userId: 'u\u00e9', deviceId: 'd2' } });
    const distribution = new GroupSessionBuilder(new InMemorySenderKeyStore())
      .distribution({ conversationId: 'g1', sender: { userId: 'ua', deviceId: 'd1' } });
    const held = decodePairwiseContent(encodeHeldKey('g1', { userId: 'ua', deviceId: 'd1' }, distribution));
    expect(held.kind === 'heldKey' && held.sender).toEqual({ userId: 'ua', deviceId: 'd1' });
    expect(held.kind === 'heldKey' && held.conversationId).toBe('g1');
    expect(held.kind === 'heldKey' && held.distribution.serialized).toEqual(distribution.serialized);
  });

  it('refuse incomplete requests and a chain sender without its device', () => {
    // {3: {1: "g", 2: 1}}: no iteration
    expect(() => decodePairwiseContent(Uint8Array.of(0x1a, 5, 0x0a, 1, 0x67, 0x10, 1))).toThrow();
    // {3: {1: "g", 2: 1, 3: 0, 4: "u"}}: a user without a device
    expect(() => decodePairwiseContent(Uint8Array.of(0x1a, 10, 0x0a, 1, 0x67, 0x10, 1, 0x18, 0, 0x22, 1, 0x75)))
      .toThrow();
    // {4: {1: "g"}}
    expect(() => decodePairwiseContent(Uint8Array.of(0x22, 3, 0x0a, 1, 0x67))).toThrow();
    // a newer field 9 alone is unknown
    expect(decodePairwiseContent(Uint8Array.of(0x4a, 0))).toEqual({ kind: 'unknown' });
  });
});

describe('own key again', () => {
  it('gives the own chain from a position clamped to its origin and where it stands, and nothing else', () => {
    const keys = new InMemorySenderKeyStore();
    const builder = new GroupSessionBuilder(keys);
    const own = { conversationId: 'g1', sender: { userId: 'ua', deviceId: 'd1' } };
    const start = builder.distribution(own);
    const cipher = new GroupCipher(keys);
    for (let i = 0; i < 3; i++) cipher.encrypt(own, enc(`m${i}`));
    expect(builder.ownAt(own, start.keyId, 0)?.serialized).toEqual(start.serialized);
    expect(builder.ownAt(own, start.keyId, 2)?.iteration).toBe(2);
    expect(builder.ownAt(own, start.keyId, 99)?.iteration).toBe(3);
    expect(builder.ownAt(own, start.keyId, 99)?.serialized).toEqual(builder.distribution(own).serialized);
    expect(builder.ownAt(own, start.keyId + 1, 0)).toBeUndefined();
    const theirs = new GroupSessionBuilder(new InMemorySenderKeyStore());
    theirs.process(own, builder.ownAt(own, start.keyId, 2)!);
    expect(theirs.ownAt(own, start.keyId, 2)).toBeUndefined();
  });
});

describe('base64 and ids', () => {
  it('writes the canonical form and names direct chats in byte order', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(directConversationId('ub', 'ua')).toBe('dm.ua.ub');
    expect(directConversationId('ua', 'ub')).toBe('dm.ua.ub');
  });
});

function device(userId: string) {
  const self = { userId, deviceId: 'd1' };
  const identity = generateKeyPair();
  const store = new InMemorySignalStore(identity, 7);
  const signed = generateKeyPair();
  store.signedPreKeys.set(1, signed);
  const bundle = { registrationId: 7, identityKey: identity.publicKey, signedPreKeyId: 1, signedPreKey: signed.publicKey,
    signedPreKeySignature: sign(identity.privateKey, signed.publicKey) };
  return { self, store, bundle };
}

describe('conversation crypto', () => {
  it('sends the Sender Key once per key, opens the body, and sends again after a rotation', async () => {
    const alice = device('ua');
    const bob = device('ub');
    let fetched = 0;
    const a = new ConversationCrypto(alice.self, alice.store, new InMemorySenderKeyStore(),
      { fetch: async () => { fetched++; return bob.bundle; } });
    const b = new ConversationCrypto(bob.self, bob.store, new InMemorySenderKeyStore(), { fetch: async () => undefined });
    const first = await a.encrypt('g1', [alice.self, bob.self], enc('one'));
    expect(first.envelopes.map((e) => e.to)).toEqual([bob.self]);
    expect(first.envelopes[0].ciphertext.kind).toBe('prekey');
    expect(b.decrypt('g1', alice.self, first.body)).toMatchObject({ ok: false, failure: 'NO_SENDER_KEY' });
    expect(b.receive(alice.self, first.envelopes[0].ciphertext)).toEqual(
      { kind: 'senderKey', conversationId: 'g1', from: alice.self, isNew: true });
    const opened = b.decrypt('g1', alice.self, first.body);
    expect(opened.ok && dec(opened.plaintext)).toBe('one');
    a.delivered(first, [bob.self]);

    const second = await a.encrypt('g1', [bob.self], enc('two'));
    expect(second.envelopes).toEqual([]);
    const two = b.decrypt('g1', alice.self, second.body);
    expect(two.ok && dec(two.plaintext)).toBe('two');
    a.rotate('g1');
    const third = await a.encrypt('g1', [bob.self], enc('three'));
    expect(third.envelopes).toHaveLength(1);
    expect(fetched).toBe(1); // the session stays; only the key is new
    expect(b.decrypt('g1', alice.self, third.body)).toMatchObject({ ok: false, failure: 'NO_SENDER_KEY' });
  });

  it('gives no key to a device without keys, or to one of its own user under another identity', async () => {
    const alice = device('ua');
    const stranger = device('ua');
    const a = new ConversationCrypto(alice.self, alice.store, new InMemorySenderKeyStore(), {
      fetch: async (d) => (d.deviceId === 'd2' ? stranger.bundle : undefined) });
    const out = await a.encrypt('g1', [{ userId: 'ub', deviceId: 'd1' }, { userId: 'ua', deviceId: 'd2' }], enc('x'));
    expect(out.envelopes).toEqual([]);
    expect(out.unreachable.map((u) => u.reason)).toEqual(['no keys published', "not signed by this account's identity key"]);
  });
});
