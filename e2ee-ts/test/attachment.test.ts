import { describe, expect, it } from 'vitest';
import {
  AttachmentDecryptor, AttachmentEncryptor, AttachmentIntegrityError, attachmentBlobSize, attachmentPaddedSize, concat,
  randomBytes,
} from '../src/index.js';

function encrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array, chunk: number) {
  const e = new AttachmentEncryptor(key, iv, plain.length);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < plain.length; at += chunk) parts.push(e.update(plain.subarray(at, at + chunk)));
  const { tail, digest } = e.finish();
  return { blob: concat(...parts, tail), digest };
}

function decrypt(key: Uint8Array, size: number, blob: Uint8Array, chunk: number, digest?: Uint8Array) {
  const d = new AttachmentDecryptor(key, size, digest);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < blob.length; at += chunk) parts.push(d.update(blob.subarray(at, at + chunk)));
  parts.push(d.finish());
  return concat(...parts);
}

const reason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof AttachmentIntegrityError) return e.reason;
    throw e;
  }
  return 'none';
};

describe('attachments', () => {
  it('pad to Signal buckets', () => {
    expect(attachmentPaddedSize(0)).toBe(541);
    expect(attachmentPaddedSize(542)).toBe(568);
    expect(attachmentBlobSize(0)).toBe(16 + 544 + 32);
    expect(attachmentBlobSize(3400)).toBe(16 + 3472 + 32);
  });

  it('round-trip at any size and chunking, the same blob however it is chunked', () => {
    const key = randomBytes(64);
    const iv = randomBytes(16);
    for (const size of [0, 1, 15, 16, 541, 542, 70_001]) {
      const plain = Uint8Array.from({ length: size }, (_, i) => (i * 131 + size) & 0xff);
      const { blob, digest } = encrypt(key, iv, plain, 1000);
      expect(blob.length).toBe(attachmentBlobSize(size));
      expect(encrypt(key, iv, plain, 7).blob).toEqual(blob);
      expect(decrypt(key, size, blob, 333, digest)).toEqual(plain);
      expect(decrypt(key, size, blob, 1)).toEqual(plain);
    }
  });

  it('refuse altered, wrong, short and long blobs', () => {
    const key = randomBytes(64);
    const plain = randomBytes(3000);
    const { blob, digest } = encrypt(key, randomBytes(16), plain, 512);
    for (const at of [0, 20, 1500, blob.length - 1]) {
      const altered = blob.slice();
      altered[at] ^= 1;
      expect(reason(() => decrypt(key, 3000, altered, 100, digest))).toBe('BAD_MAC');
    }
    const wrong = digest.slice();
    wrong[0] ^= 1;
    expect(reason(() => decrypt(key, 3000, blob, 100, wrong))).toBe('BAD_DIGEST');
    expect(reason(() => decrypt(key, 3000, blob.subarray(0, blob.length - 1), 100))).toBe('TRUNCATED');
    expect(reason(() => decrypt(key, 3000, concat(blob, Uint8Array.of(0)), 100))).toBe('TOO_LONG');
    const e = new AttachmentEncryptor(key, randomBytes(16), 10);
    expect(() => e.update(new Uint8Array(11))).toThrow(RangeError);
    const short = new AttachmentEncryptor(key, randomBytes(16), 10);
    short.update(new Uint8Array(9));
    expect(() => short.finish()).toThrow(/9 of 10/);
  });
});
