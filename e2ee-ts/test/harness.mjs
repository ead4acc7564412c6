// Drives the built library from another process (the Java interoperability tests): one JSON command per line on
// stdin, one JSON answer per line on stdout. Bytes travel as base64.
import { createInterface } from 'node:readline';
import * as e2ee from '../dist/index.js';

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const bytes = (text) => new Uint8Array(Buffer.from(text, 'base64'));
const devices = new Map();

function device(id) {
  const d = devices.get(id);
  if (!d) throw new Error(`no device ${id}`);
  return d;
}

const ops = {
  newDevice({ id, registrationId }) {
    const identity = e2ee.generateKeyPair();
    const store = new e2ee.InMemorySignalStore(identity, registrationId);
    const signed = e2ee.generateKeyPair();
    const oneTime = e2ee.generateKeyPair();
    store.signedPreKeys.set(5, signed);
    store.oneTimePreKeys.set(77, oneTime);
    const senderKeys = new e2ee.InMemorySenderKeyStore();
    devices.set(id, { store, cipher: new e2ee.SessionCipher(store), senderKeys,
      builder: new e2ee.GroupSessionBuilder(senderKeys), group: new e2ee.GroupCipher(senderKeys) });
    return { registrationId, identityKey: b64(identity.publicKey), signedPreKeyId: 5, signedPreKey: b64(signed.publicKey),
      signedPreKeySignature: b64(e2ee.sign(identity.privateKey, signed.publicKey)), oneTimePreKeyId: 77,
      oneTimePreKey: b64(oneTime.publicKey) };
  },
  startSession({ id, peer, bundle }) {
    e2ee.processBundle(device(id).store, peer, {
      registrationId: bundle.registrationId, identityKey: bytes(bundle.identityKey), signedPreKeyId: bundle.signedPreKeyId,
      signedPreKey: bytes(bundle.signedPreKey), signedPreKeySignature: bytes(bundle.signedPreKeySignature),
      oneTimePreKeyId: bundle.oneTimePreKeyId ?? undefined,
      oneTimePreKey: bundle.oneTimePreKey ? bytes(bundle.oneTimePreKey) : undefined,
    });
    return {};
  },
  encrypt({ id, peer, text }) {
    const m = device(id).cipher.encrypt(peer, new TextEncoder().encode(text));
    return { kind: m.kind, serialized: b64(m.serialized) };
  },
  decrypt({ id, peer, kind, serialized }) {
    return result(device(id).cipher.decrypt(peer, { kind, serialized: bytes(serialized) }));
  },
  groupDistribution({ id, conversationId, self }) {
    return { serialized: b64(device(id).builder.distribution({ conversationId, sender: self }).serialized) };
  },
  groupProcess({ id, conversationId, sender, serialized }) {
    return { isNew: device(id).builder.process({ conversationId, sender }, e2ee.parseSenderKeyDistributionMessage(bytes(serialized))) };
  },
  groupEncrypt({ id, conversationId, self, text }) {
    return { serialized: b64(device(id).group.encrypt({ conversationId, sender: self }, new TextEncoder().encode(text))) };
  },
  groupDecrypt({ id, conversationId, sender, serialized }) {
    return result(device(id).group.decrypt({ conversationId, sender }, bytes(serialized)));
  },
  sealBody({ suite, ciphertext }) {
    return { body: b64(e2ee.encodeSealedBody({ suite, ciphertext: bytes(ciphertext) })) };
  },
  openBody({ body }) {
    const sealed = e2ee.decodeSealedBody(bytes(body));
    return { suite: sealed.suite, ciphertext: b64(sealed.ciphertext) };
  },
  senderKeyFor({ conversationId, distribution }) {
    return { content: b64(e2ee.encodeSenderKeyFor(conversationId,
      e2ee.parseSenderKeyDistributionMessage(bytes(distribution)))) };
  },
  sessionReset() {
    return { content: b64(e2ee.encodeSessionReset()) };
  },
  keyRequest({ conversationId, keyId, iteration, chainOf }) {
    return { content: b64(e2ee.encodeKeyRequest(conversationId, keyId, iteration, chainOf ?? undefined)) };
  },
  heldKey({ conversationId, sender, distribution }) {
    return { content: b64(e2ee.encodeHeldKey(conversationId, sender,
      e2ee.parseSenderKeyDistributionMessage(bytes(distribution)))) };
  },
  openPairwise({ content }) {
    const c = e2ee.decodePairwiseContent(bytes(content));
    if (c.kind === 'senderKey' || c.kind === 'heldKey') return { ...c, distribution: b64(c.distribution.serialized) };
    return c;
  },
  encodeContent({ text, attachments }) {
    const content = { attachments: (attachments ?? []).map(pointerFromJson) };
    if (text !== undefined && text !== null) content.text = text;
    return { content: b64(e2ee.encodeChatContent(content)) };
  },
  decodeContent({ content }) {
    try {
      const c = e2ee.decodeChatContent(bytes(content));
      return { ...c, attachments: c.attachments.map(pointerToJson) };
    } catch (e) {
      if (e instanceof e2ee.UnsupportedContentVersion) return { unsupportedVersion: e.version };
      if (e instanceof e2ee.InvalidMessage) return { malformed: e.message };
      throw e;
    }
  },
  // Attachments go through the library in uneven chunks, as a stream would hand them over.
  encryptAttachment({ key, iv, plaintext, chunk }) {
    const plain = bytes(plaintext);
    const encryptor = new e2ee.AttachmentEncryptor(bytes(key), bytes(iv), plain.length);
    const parts = [];
    for (let at = 0; at < plain.length; at += chunk) parts.push(encryptor.update(plain.subarray(at, at + chunk)));
    const { tail, digest } = encryptor.finish();
    parts.push(tail);
    return { blob: b64(e2ee.concat(...parts)), digest: b64(digest) };
  },
  decryptAttachment({ key, size, digest, blob, chunk }) {
    const data = bytes(blob);
    try {
      const decryptor = new e2ee.AttachmentDecryptor(bytes(key), size, digest ? bytes(digest) : undefined);
      const parts = [];
      for (let at = 0; at < data.length; at += chunk) parts.push(decryptor.update(data.subarray(at, at + chunk)));
      parts.push(decryptor.finish());
      return { plaintext: b64(e2ee.concat(...parts)) };
    } catch (e) {
      if (e instanceof e2ee.AttachmentIntegrityError) return { failure: e.reason };
      throw e;
    }
  },
  encodeDeviceList({ userId, version, deviceIds, issuedAt }) {
    return { list: b64(e2ee.encodeDeviceList(e2ee.deviceList(userId, version, deviceIds, issuedAt))) };
  },
  signDeviceList({ userId, version, deviceIds, issuedAt }) {
    const key = e2ee.generateKeyPair();
    const signed = e2ee.signDeviceList(e2ee.deviceList(userId, version, deviceIds, issuedAt), key.privateKey);
    return { identityKey: b64(key.publicKey), signedList: b64(e2ee.serializeSignedDeviceList(signed)) };
  },
  verifyDeviceList({ signedList, identityKey, userId, held }) {
    // { kind: 'accepted', list } | { kind: 'rollback', offered, held } | { kind: 'refused', reason, detail }
    return e2ee.verifyDeviceList(e2ee.parseSignedDeviceList(bytes(signedList)), bytes(identityKey), userId,
      held ? e2ee.deviceList(held.userId, held.version, held.deviceIds, held.issuedAt) : undefined);
  },
  sign({ message }) {
    const key = e2ee.generateKeyPair();
    return { publicKey: b64(key.publicKey), signature: b64(e2ee.sign(key.privateKey, bytes(message))) };
  },
  verify({ publicKey, message, signature }) {
    return { valid: e2ee.verify(bytes(publicKey), bytes(message), bytes(signature)) };
  },
};

// Attachment pointers as JSON: the byte fields in base64, absent optional fields left out.
function pointerFromJson(p) {
  const out = { ...p, key: bytes(p.key), digest: bytes(p.digest) };
  if (p.thumbnail !== undefined && p.thumbnail !== null) out.thumbnail = bytes(p.thumbnail);
  for (const k of Object.keys(out)) if (out[k] === null) delete out[k];
  return out;
}

function pointerToJson(p) {
  const out = { ...p, key: b64(p.key), digest: b64(p.digest) };
  if (p.thumbnail !== undefined) out.thumbnail = b64(p.thumbnail);
  return out;
}

function result(d) {
  return d.ok ? { text: new TextDecoder().decode(d.plaintext) } : { failure: d.failure };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let answer;
  try {
    const command = JSON.parse(line);
    answer = { ok: true, ...ops[command.op](command) };
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
