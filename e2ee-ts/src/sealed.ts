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
 * What a pairwise (device-to-device) message carries once decrypted (Java: {@code PairwiseContent}): today a
 * Sender Key for a conversation, field 1 {@code {1: conversationId, 2: SenderKeyDistributionMessage}}. A content
 * without a known field is {@code unknown} (from a newer client), never an error.
 */
export type PairwiseContent =
  | { kind: 'senderKey'; conversationId: string; distribution: SenderKeyDistributionMessage }
  | { kind: 'unknown' };

const SENDER_KEY = 1;

export function encodeSenderKeyFor(conversationId: string, distribution: SenderKeyDistributionMessage): Uint8Array {
  const inner = new ProtoWriter().bytes(1, new TextEncoder().encode(conversationId))
    .bytes(2, distribution.serialized).toBytes();
  return new ProtoWriter().bytes(SENDER_KEY, inner).toBytes();
}

/** Throws {@link InvalidMessage} when a known field is malformed. */
export function decodePairwiseContent(bytes: Uint8Array): PairwiseContent {
  const proto = ProtoReader.parse(bytes);
  const senderKey = proto.bytes(SENDER_KEY);
  if (!senderKey) {
    if (proto.has(SENDER_KEY)) throw new InvalidMessage('incomplete sender key content');
    return { kind: 'unknown' };
  }
  const inner = ProtoReader.parse(senderKey);
  const conversation = inner.bytes(1);
  const distribution = inner.bytes(2);
  if (!conversation || !distribution || conversation.length === 0) {
    throw new InvalidMessage('incomplete sender key content');
  }
  return { kind: 'senderKey', conversationId: new TextDecoder().decode(conversation),
    distribution: parseSenderKeyDistributionMessage(distribution) };
}
