import { InvalidMessage } from './errors.js';
import { ProtoReader, ProtoWriter } from './proto.js';

/**
 * The plaintext of a chat message (Java: {@code chat.e2ee.content.ChatContent}), byte for byte the same. Bare UTF-8
 * text (anything not starting with 0x00) is text alone; structured content is 0x00, version 0x01, then protobuf
 * {@code ChatContent {1 text; 2 repeated AttachmentPointer}}. Text alone is always written bare so older readers keep
 * understanding it; unknown protobuf fields are skipped; another version byte is {@link UnsupportedContentVersion}.
 */
export interface ChatContent {
  /** Absent for attachments only. */
  text?: string;
  attachments: AttachmentPointer[];
}

/**
 * {@code AttachmentPointer {1 attachmentId, 2 key (64), 3 digest (32), 4 size, 5 contentType, 6 fileName, 7 width,
 * 8 height, 9 durationMs, 10 thumbnail, 11 blobSize}}, with the Java record's checks.
 */
export interface AttachmentPointer {
  attachmentId: string;
  key: Uint8Array;
  digest: Uint8Array;
  /** Plaintext bytes. */
  size: number;
  contentType: string;
  fileName?: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** A small JPEG. */
  thumbnail?: Uint8Array;
  /** Bytes of the encrypted blob. */
  blobSize: number;
}

/** Structured content of a version this library does not know (from a newer client). */
export class UnsupportedContentVersion extends InvalidMessage {
  constructor(readonly version: number) {
    super(`unsupported content version: ${version}`);
  }
}

const ATTACHMENT_ID = /^att_[A-Za-z0-9_-]{22}$/;
const MAX_THUMBNAIL = 64 * 1024;
const MAX_INT32 = 0x7fffffff;
// Java's String.isBlank (Character.isWhitespace), not JS trim(): the no-break spaces are not blank in either.
const BLANK = /^[\t\n\v\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;

const utf8 = (s: string) => new TextEncoder().encode(s);
const strictText = (b: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    throw new InvalidMessage('text that is not UTF-8');
  }
};

/** Throws {@link InvalidMessage} for a pointer a client could mishandle (the Java record's checks). */
export function checkAttachmentPointer(p: AttachmentPointer): void {
  const refuse = (why: string) => { throw new InvalidMessage(why); };
  if (typeof p.attachmentId !== 'string' || !ATTACHMENT_ID.test(p.attachmentId)) refuse('not an attachment id');
  if (!(p.key instanceof Uint8Array) || p.key.length !== 64) refuse('an attachment key is 64 bytes');
  if (!(p.digest instanceof Uint8Array) || p.digest.length !== 32) refuse('an attachment digest is 32 bytes');
  if (!Number.isSafeInteger(p.size) || p.size < 0) refuse('size is 0 to 2^53 - 1');
  if (!Number.isSafeInteger(p.blobSize) || p.blobSize < 0) refuse('blobSize is 0 to 2^53 - 1');
  if (typeof p.contentType !== 'string' || BLANK.test(p.contentType) || p.contentType.length > 127) {
    refuse('a content type is 1 to 127 characters');
  }
  if (p.fileName !== undefined) {
    const n = p.fileName;
    if (n.length === 0 || n.length > 255 || n === '.' || n === '..' || /[/\\\0]/.test(n)) {
      refuse('not a bare file name of at most 255 characters');
    }
  }
  for (const d of [p.width, p.height]) {
    if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > MAX_INT32)) refuse('bad image dimension');
  }
  if (p.durationMs !== undefined && (!Number.isSafeInteger(p.durationMs) || p.durationMs < 0)) {
    refuse('a duration is 0 to 2^53 - 1 ms');
  }
  if (p.thumbnail !== undefined && p.thumbnail.length > MAX_THUMBNAIL) refuse('a thumbnail is at most 64 KiB');
}

export function encodeChatContent(content: ChatContent): Uint8Array {
  if (content.attachments.length === 0 && content.text !== undefined && !content.text.startsWith('\0')) {
    return utf8(content.text);
  }
  const proto = new ProtoWriter();
  if (content.text !== undefined) proto.bytes(1, utf8(content.text));
  for (const a of content.attachments) {
    checkAttachmentPointer(a);
    proto.bytes(2, encodePointer(a));
  }
  const body = proto.toBytes();
  const out = new Uint8Array(body.length + 2);
  out[0] = 0x00;
  out[1] = 0x01;
  out.set(body, 2);
  return out;
}

function encodePointer(a: AttachmentPointer): Uint8Array {
  const p = new ProtoWriter().bytes(1, utf8(a.attachmentId)).bytes(2, a.key).bytes(3, a.digest)
    .uint64(4, a.size).bytes(5, utf8(a.contentType));
  if (a.fileName !== undefined) p.bytes(6, utf8(a.fileName));
  if (a.width !== undefined) p.uint32(7, a.width);
  if (a.height !== undefined) p.uint32(8, a.height);
  if (a.durationMs !== undefined) p.uint64(9, a.durationMs);
  if (a.thumbnail !== undefined) p.bytes(10, a.thumbnail);
  return p.uint64(11, a.blobSize).toBytes();
}

/** Throws {@link UnsupportedContentVersion} or {@link InvalidMessage}; nothing else. */
export function decodeChatContent(bytes: Uint8Array): ChatContent {
  if (bytes.length === 0 || bytes[0] !== 0x00) return { text: strictText(bytes), attachments: [] };
  if (bytes.length < 2) throw new InvalidMessage('structured content without a version');
  if (bytes[1] !== 0x01) throw new UnsupportedContentVersion(bytes[1]);
  try {
    const proto = ProtoReader.parse(bytes.subarray(2));
    const text = proto.bytes(1);
    const content: ChatContent = { attachments: proto.repeatedBytes(2).map(decodePointer) };
    if (text !== undefined) content.text = strictText(text);
    return content;
  } catch (e) {
    if (e instanceof InvalidMessage) throw e;
    throw new InvalidMessage(String(e));
  }
}

function decodePointer(bytes: Uint8Array): AttachmentPointer {
  const p = ProtoReader.parse(bytes);
  const id = p.bytes(1);
  const key = p.bytes(2);
  const digest = p.bytes(3);
  const size = p.uint64(4);
  const contentType = p.bytes(5);
  const blobSize = p.uint64(11);
  if (!id || !key || !digest || size === undefined || !contentType || blobSize === undefined) {
    throw new InvalidMessage('an attachment pointer lacks a required field');
  }
  const pointer: AttachmentPointer = { attachmentId: strictText(id), key, digest, size,
    contentType: strictText(contentType), blobSize };
  const fileName = p.bytes(6);
  if (fileName !== undefined) pointer.fileName = strictText(fileName);
  const width = p.uint32(7);
  if (width !== undefined) pointer.width = width;
  const height = p.uint32(8);
  if (height !== undefined) pointer.height = height;
  const duration = p.uint64(9);
  if (duration !== undefined) pointer.durationMs = duration;
  const thumbnail = p.bytes(10);
  if (thumbnail !== undefined) pointer.thumbnail = thumbnail;
  checkAttachmentPointer(pointer);
  return pointer;
}
