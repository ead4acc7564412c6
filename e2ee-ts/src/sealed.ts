import { InvalidMessage } from './errors.js';
import {
  SUITE, SenderKeyDistributionMessage, parseSenderKeyDistributionMessage,
} from './messages.js';
import { ProtoReader, ProtoWriter } from './proto.js';

const KNOWN_SUITES = [SUITE];

/**
 * A conversation message's body as the server stores it (Java: {@code chat.e2ee.messaging.SealedBody}):
 * {@code {1: suite, 2: ciphertext}} in protobuf, the ciphertext a SenderKeyMessage for the suite signal-v3.
 */
export interface SealedBody { suite: string; ciphertext: Uint8Array }

export function encodeSealedBody(body: SealedBody): Uint8Array {
  return new ProtoWriter().bytes(1, new TextEncoder().encode(body.suite)).bytes(2, body.ciphertext).toBytes();
}

/** Throws {@link InvalidMessage} when it is not a sealed body of a known suite. */
export function decodeSealedBody(bytes: Uint8Array): SealedBody {
  const proto = ProtoReader.parse(bytes);
  const suite = proto.bytes(1);
  const ciphertext = proto.bytes(2);
  if (!suite || !ciphertext) throw new InvalidMessage('not a sealed body');
  const name = new TextDecoder().decode(suite);
  if (!KNOWN_SUITES.includes(name)) throw new InvalidMessage(`unknown suite ${name}`);
  return { suite: name, ciphertext };
}

/**
 * What a pairwise (device-to-device) message carries once decrypted (Java: {@code PairwiseContent}): field 1 a
 * Sender Key for a conversation {@code {1: conversationId, 2: SenderKeyDistributionMessage}}; field 2 a session
 * reset {@code {}}; field 3 a key request {@code {1: conversationId, 2: keyId, 3: iteration, 4: chain sender userId,
 * 5: chain sender deviceId}} (4 and 5 both or neither); field 4 a held key {@code {1: conversationId, 2: sender
 * userId, 3: sender deviceId, 4: SenderKeyDistributionMessage}}. A content without a known field is {@code unknown}
 * (from a newer client), never an error.
 */
export type PairwiseContent =
  | { kind: 'senderKey'; conversationId: string; distribution: SenderKeyDistributionMessage }
  | { kind: 'sessionReset' }
  | { kind: 'keyRequest'; conversationId: string; keyId: number; iteration: number;
    chainOf?: { userId: string; deviceId: string } }
  | { kind: 'heldKey'; conversationId: string; sender: { userId: string; deviceId: string };
    distribution: SenderKeyDistributionMessage }
  | { kind: 'unknown' };

const SENDER_KEY = 1;
const SESSION_RESET = 2;
const KEY_REQUEST = 3;
const HELD_KEY = 4;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

export function encodeSenderKeyFor(conversationId: string, distribution: SenderKeyDistributionMessage): Uint8Array {
  const inner = new ProtoWriter().bytes(1, utf8(conversationId))
    .bytes(2, distribution.serialized).toBytes();
  return new ProtoWriter().bytes(SENDER_KEY, inner).toBytes();
}

export function encodeSessionReset(): Uint8Array {
  return new ProtoWriter().bytes(SESSION_RESET, new Uint8Array(0)).toBytes();
}

export function encodeKeyRequest(conversationId: string, keyId: number, iteration: number,
  chainOf?: { userId: string; deviceId: string }): Uint8Array {
  if (conversationId.length === 0) throw new RangeError('a key request names its conversation');
  const inner = new ProtoWriter().bytes(1, utf8(conversationId)).uint32(2, keyId).uint32(3, iteration);
  if (chainOf) inner.bytes(4, utf8(chainOf.userId)).bytes(5, utf8(chainOf.deviceId));
  return new ProtoWriter().bytes(KEY_REQUEST, inner.toBytes()).toBytes();
}

export function encodeHeldKey(conversationId: string, sender: { userId: string; deviceId: string },
  distribution: SenderKeyDistributionMessage): Uint8Array {
  const inner = new ProtoWriter().bytes(1, utf8(conversationId)).bytes(2, utf8(sender.userId))
    .bytes(3, utf8(sender.deviceId)).bytes(4, distribution.serialized).toBytes();
  return new ProtoWriter().bytes(HELD_KEY, inner).toBytes();
}

/** Throws {@link InvalidMessage} when a known field is malformed; fields are tried in Java's order (1, 2, 3, 4). */
export function decodePairwiseContent(bytes: Uint8Array): PairwiseContent {
  const proto = ProtoReader.parse(bytes);
  if (proto.has(SENDER_KEY)) {
    const senderKey = proto.bytes(SENDER_KEY);
    if (!senderKey) throw new InvalidMessage('incomplete sender key content');
    const inner = ProtoReader.parse(senderKey);
    const conversation = inner.bytes(1);
    const distribution = inner.bytes(2);
    if (!conversation || !distribution || conversation.length === 0) {
      throw new InvalidMessage('incomplete sender key content');
    }
    return { kind: 'senderKey', conversationId: text(conversation),
      distribution: parseSenderKeyDistributionMessage(distribution) };
  }
  if (proto.has(SESSION_RESET)) return { kind: 'sessionReset' };
  if (proto.has(KEY_REQUEST)) {
    const request = proto.bytes(KEY_REQUEST);
    if (!request) throw new InvalidMessage('incomplete key request');
    const inner = ProtoReader.parse(request);
    const conversation = inner.bytes(1);
    const keyId = inner.uint32(2);
    const iteration = inner.uint32(3);
    if (!conversation || conversation.length === 0 || keyId === undefined || iteration === undefined) {
      throw new InvalidMessage('incomplete key request');
    }
    const user = inner.bytes(4);
    const device = inner.bytes(5);
    if ((user === undefined) !== (device === undefined)
      || (user !== undefined && (user.length === 0 || device!.length === 0))) {
      throw new InvalidMessage("a key request names a chain's user and device together");
    }
    const content: PairwiseContent = { kind: 'keyRequest', conversationId: text(conversation), keyId, iteration };
    if (user && device) content.chainOf = { userId: text(user), deviceId: text(device) };
    return content;
  }
  if (proto.has(HELD_KEY)) {
    const held = proto.bytes(HELD_KEY);
    if (!held) throw new InvalidMessage('incomplete held key');
    const inner = ProtoReader.parse(held);
    const conversation = inner.bytes(1);
    const user = inner.bytes(2);
    const device = inner.bytes(3);
    const distribution = inner.bytes(4);
    if (!conversation || !user || !device || !distribution
      || conversation.length === 0 || user.length === 0 || device.length === 0) {
      throw new InvalidMessage('incomplete held key');
    }
    return { kind: 'heldKey', conversationId: text(conversation),
      sender: { userId: text(user), deviceId: text(device) },
      distribution: parseSenderKeyDistributionMessage(distribution) };
  }
  return { kind: 'unknown' };
}
