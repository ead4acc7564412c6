import { concat, equal } from './bytes.js';
import { decodePublicKey, sign, verify } from './curve.js';
import { InvalidMessage } from './errors.js';
import { hmacSha256 } from './primitives.js';
import { ProtoReader, ProtoWriter } from './proto.js';

/** Protocol version 3 only: the version byte carries the message's version and the current one. */
export const VERSION = 3;
export const VERSION_BYTE = (VERSION << 4) | VERSION;
export const SUITE = 'signal-v3';
const MAC_LENGTH = 8;

function checkVersion(b: number): void {
  const v = b >> 4;
  if (v < VERSION) throw new InvalidMessage(`legacy message version ${v}`);
  if (v > VERSION) throw new InvalidMessage(`unknown message version ${v}`);
}

function key(bytes: Uint8Array | undefined, what: string): Uint8Array {
  if (!bytes) throw new InvalidMessage(`missing ${what}`);
  decodePublicKey(bytes);
  return bytes;
}

export interface SignalMessage {
  ratchetKey: Uint8Array;
  counter: number;
  previousCounter: number;
  ciphertext: Uint8Array;
  serialized: Uint8Array;
}

const signalMac = (macKey: Uint8Array, sender: Uint8Array, receiver: Uint8Array, versioned: Uint8Array) =>
  hmacSha256(macKey, sender, receiver, versioned).slice(0, MAC_LENGTH);

export function createSignalMessage(macKey: Uint8Array, senderIdentity: Uint8Array, receiverIdentity: Uint8Array,
    ratchetKey: Uint8Array, counter: number, previousCounter: number, ciphertext: Uint8Array): SignalMessage {
  const body = new ProtoWriter().bytes(1, ratchetKey).uint32(2, counter).uint32(3, previousCounter).bytes(4, ciphertext)
    .toBytes();
  const versioned = concat(Uint8Array.of(VERSION_BYTE), body);
  const serialized = concat(versioned, signalMac(macKey, senderIdentity, receiverIdentity, versioned));
  return { ratchetKey, counter, previousCounter, ciphertext, serialized };
}

export function parseSignalMessage(serialized: Uint8Array): SignalMessage {
  if (serialized.length <= 1 + MAC_LENGTH) throw new InvalidMessage('message too short');
  checkVersion(serialized[0]);
  const proto = ProtoReader.parse(serialized.subarray(1, serialized.length - MAC_LENGTH));
  const counter = proto.uint32(2);
  const ciphertext = proto.bytes(4);
  if (counter === undefined || !ciphertext || !proto.has(1)) throw new InvalidMessage('incomplete message');
  return { ratchetKey: key(proto.bytes(1), 'ratchet key'), counter, previousCounter: proto.uint32(3) ?? 0, ciphertext,
    serialized: serialized.slice() };
}

export function verifySignalMac(message: SignalMessage, sender: Uint8Array, receiver: Uint8Array, macKey: Uint8Array) {
  const s = message.serialized;
  return equal(signalMac(macKey, sender, receiver, s.subarray(0, s.length - MAC_LENGTH)), s.subarray(s.length - MAC_LENGTH));
}

export interface PreKeySignalMessage {
  registrationId: number;
  preKeyId?: number;
  signedPreKeyId: number;
  baseKey: Uint8Array;
  identityKey: Uint8Array;
  message: SignalMessage;
  serialized: Uint8Array;
}

export function createPreKeySignalMessage(m: Omit<PreKeySignalMessage, 'serialized'>): PreKeySignalMessage {
  const w = new ProtoWriter();
  if (m.preKeyId !== undefined) w.uint32(1, m.preKeyId);
  const body = w.bytes(2, m.baseKey).bytes(3, m.identityKey).bytes(4, m.message.serialized).uint32(5, m.registrationId)
    .uint32(6, m.signedPreKeyId).toBytes();
  return { ...m, serialized: concat(Uint8Array.of(VERSION_BYTE), body) };
}

export function parsePreKeySignalMessage(serialized: Uint8Array): PreKeySignalMessage {
  if (serialized.length < 2) throw new InvalidMessage('message too short');
  checkVersion(serialized[0]);
  const proto = ProtoReader.parse(serialized.subarray(1));
  const signedPreKeyId = proto.uint32(6);
  const inner = proto.bytes(4);
  if (signedPreKeyId === undefined || !inner || !proto.has(2) || !proto.has(3)) throw new InvalidMessage('incomplete message');
  return { registrationId: proto.uint32(5) ?? 0, preKeyId: proto.uint32(1), signedPreKeyId,
    baseKey: key(proto.bytes(2), 'base key'), identityKey: key(proto.bytes(3), 'identity key'),
    message: parseSignalMessage(inner), serialized: serialized.slice() };
}

export interface SenderKeyMessage {
  keyId: number;
  iteration: number;
  ciphertext: Uint8Array;
  serialized: Uint8Array;
}

export function createSenderKeyMessage(keyId: number, iteration: number, ciphertext: Uint8Array,
    signingPrivateKey: Uint8Array): SenderKeyMessage {
  const versioned = concat(Uint8Array.of(VERSION_BYTE),
    new ProtoWriter().uint32(1, keyId).uint32(2, iteration).bytes(3, ciphertext).toBytes());
  return { keyId, iteration, ciphertext, serialized: concat(versioned, sign(signingPrivateKey, versioned)) };
}

export function parseSenderKeyMessage(serialized: Uint8Array): SenderKeyMessage {
  if (serialized.length <= 1 + 64) throw new InvalidMessage('message too short');
  checkVersion(serialized[0]);
  const proto = ProtoReader.parse(serialized.subarray(1, serialized.length - 64));
  const keyId = proto.uint32(1);
  const iteration = proto.uint32(2);
  const ciphertext = proto.bytes(3);
  if (keyId === undefined || iteration === undefined || !ciphertext) throw new InvalidMessage('incomplete message');
  return { keyId, iteration, ciphertext, serialized: serialized.slice() };
}

export function verifySenderKeyMessage(message: SenderKeyMessage, signingKey: Uint8Array): boolean {
  const s = message.serialized;
  return verify(signingKey, s.subarray(0, s.length - 64), s.subarray(s.length - 64));
}

export interface SenderKeyDistributionMessage {
  keyId: number;
  iteration: number;
  chainKey: Uint8Array;
  signingKey: Uint8Array;
  serialized: Uint8Array;
}

export function createSenderKeyDistributionMessage(keyId: number, iteration: number, chainKey: Uint8Array,
    signingKey: Uint8Array): SenderKeyDistributionMessage {
  const body = new ProtoWriter().uint32(1, keyId).uint32(2, iteration).bytes(3, chainKey).bytes(4, signingKey).toBytes();
  return { keyId, iteration, chainKey, signingKey, serialized: concat(Uint8Array.of(VERSION_BYTE), body) };
}

export function parseSenderKeyDistributionMessage(serialized: Uint8Array): SenderKeyDistributionMessage {
  if (serialized.length < 2) throw new InvalidMessage('message too short');
  checkVersion(serialized[0]);
  const proto = ProtoReader.parse(serialized.subarray(1));
  const keyId = proto.uint32(1);
  const iteration = proto.uint32(2);
  const chainKey = proto.bytes(3);
  if (keyId === undefined || iteration === undefined || !chainKey || chainKey.length !== 32) {
    throw new InvalidMessage('incomplete message');
  }
  return { keyId, iteration, chainKey, signingKey: key(proto.bytes(4), 'signing key'), serialized: serialized.slice() };
}
