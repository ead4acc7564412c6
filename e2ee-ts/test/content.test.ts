import { describe, expect, it } from 'vitest';
import {
  type AttachmentPointer, InvalidMessage, UnsupportedContentVersion, decodeChatContent, encodeChatContent,
} from '../src/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const ID = 'att_AAAAAAAAAAAAAAAAAAAAA-';
const pointer = (extra: Partial<AttachmentPointer> = {}): AttachmentPointer => ({
  attachmentId: ID, key: new Uint8Array(64).fill(7), digest: new Uint8Array(32).fill(9), size: 1234,
  contentType: 'image/jpeg', blobSize: 1360, ...extra,
});

describe('chat content', () => {
  it('writes text alone as bare UTF-8 and reads it back', () => {
    expect(encodeChatContent({ text: 'héllo', attachments: [] })).toEqual(enc('héllo'));
    expect(decodeChatContent(enc('héllo'))).toEqual({ text: 'héllo', attachments: [] });
    expect(decodeChatContent(new Uint8Array(0))).toEqual({ text: '', attachments: [] });
  });

  it('writes attachments as 0x00 0x01 + protobuf and round-trips every field', () => {
    const content = { text: 'look', attachments: [
      pointer({ fileName: 'a.jpg', width: 1200, height: 800, thumbnail: Uint8Array.of(0xff, 0xd8) }),
      pointer({ contentType: 'audio/ogg', durationMs: 61000 }),
    ] };
    const bytes = encodeChatContent(content);
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0, 1]);
    expect(decodeChatContent(bytes)).toEqual(content);
    expect(decodeChatContent(encodeChatContent({ attachments: [pointer()] }))).toEqual({ attachments: [pointer()] });
  });

  it('refuses an unknown version and malformed content with its own errors', () => {
    expect(() => decodeChatContent(Uint8Array.of(0, 2, 1))).toThrow(UnsupportedContentVersion);
    expect(() => decodeChatContent(Uint8Array.of(0))).toThrow(InvalidMessage);
    expect(() => decodeChatContent(Uint8Array.of(0xc3))).toThrow(InvalidMessage);
    expect(() => decodeChatContent(Uint8Array.of(0, 1, 0x12, 1))).toThrow(InvalidMessage);
    // 'qq' (no other q in the pointer) altered on the wire to '..'.
    const dots = encodeChatContent({ attachments: [pointer({ fileName: 'qq' })] });
    const at = dots.indexOf(0x71);
    dots[at] = 0x2e;
    dots[at + 1] = 0x2e;
    expect(() => decodeChatContent(dots)).toThrow(/bare file name/);
    expect(() => encodeChatContent({ attachments: [pointer({ fileName: 'a/b' })] })).toThrow(InvalidMessage);
  });
});
