import { cbc } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equal } from './bytes.js';

/**
 * Signal's attachment format, as Java's {@code chat.e2ee.attachment} writes it (docs/e2ee.md): blob = iv ‖
 * AES-256-CBC/PKCS7(plaintext ‖ zeros to paddedSize) ‖ HMAC-SHA256(macKey, iv ‖ ciphertext); key = 32 bytes AES ‖ 32
 * bytes HMAC; digest = SHA-256(blob). Both directions take the data in chunks of any size, so a browser can stream a
 * file through them (CBC is chained across chunks by hand: noble's cbc is one-shot).
 */
const BLOCK = 16;
const MAC = 32;

/** Signal's bucket, max(541, floor(1.05^ceil(log(n)/log(1.05)))), never below n. */
export function attachmentPaddedSize(plainSize: number): number {
  if (!Number.isSafeInteger(plainSize) || plainSize < 0) throw new RangeError(`bad size ${plainSize}`);
  const bucket = Math.max(541, Math.floor(Math.pow(1.05, Math.ceil(Math.log(plainSize) / Math.log(1.05)))));
  return Math.max(bucket, plainSize);
}

export function attachmentBlobSize(plainSize: number): number {
  const padded = attachmentPaddedSize(plainSize);
  return BLOCK + padded + BLOCK - (padded % BLOCK) + MAC;
}

export type AttachmentFailure = 'BAD_MAC' | 'BAD_DIGEST' | 'TRUNCATED' | 'TOO_LONG' | 'BAD_PADDING';

/** A blob that must not be shown; the plaintext handed out so far is unverified and must be thrown away. */
export class AttachmentIntegrityError extends Error {
  constructor(readonly reason: AttachmentFailure, detail: string) {
    super(`${reason}: ${detail}`);
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 64) throw new RangeError('an attachment key is 64 bytes');
}

/** CBC over whole blocks, carrying the chaining value from one call to the next. */
class CbcChain {
  constructor(private readonly key: Uint8Array, private chain: Uint8Array, private readonly decrypting: boolean) {}

  run(blocks: Uint8Array): Uint8Array {
    if (blocks.length === 0) return blocks;
    const c = cbc(this.key, this.chain, { disablePadding: true });
    const out = this.decrypting ? c.decrypt(blocks) : c.encrypt(blocks);
    this.chain = (this.decrypting ? blocks : out).slice(-BLOCK);
    return out;
  }
}

export class AttachmentEncryptor {
  private readonly cbc: CbcChain;
  private readonly mac;
  private readonly hash = sha256.create();
  private carry: Uint8Array = new Uint8Array(0);
  private consumed = 0;
  private started = false;
  private done = false;

  constructor(key: Uint8Array, private readonly iv: Uint8Array, private readonly plainSize: number) {
    checkKey(key);
    if (iv.length !== BLOCK) throw new RangeError('an attachment IV is 16 bytes');
    attachmentPaddedSize(plainSize);
    this.cbc = new CbcChain(key.slice(0, 32), iv, false);
    this.mac = hmac.create(sha256, key.slice(32, 64));
    this.mac.update(iv);
  }

  /** The next piece of the blob (the IV first). Throws if the plaintext goes past its declared size. */
  update(plaintext: Uint8Array): Uint8Array {
    if (this.done) throw new Error('the attachment is finished');
    this.consumed += plaintext.length;
    if (this.consumed > this.plainSize) throw new RangeError(`more than the declared ${this.plainSize} bytes`);
    return this.emit(this.encryptBlocks(plaintext));
  }

  /** The rest of the blob (padding, last block, MAC) and the blob's digest. */
  finish(): { tail: Uint8Array; digest: Uint8Array } {
    if (this.done) throw new Error('the attachment is finished');
    if (this.consumed !== this.plainSize) {
      throw new RangeError(`the plaintext ended after ${this.consumed} of ${this.plainSize} declared bytes`);
    }
    const body = this.encryptBlocks(new Uint8Array(attachmentPaddedSize(this.plainSize) - this.plainSize));
    const pad = BLOCK - this.carry.length;
    const last = this.cbc.run(concat(this.carry, new Uint8Array(pad).fill(pad)));
    this.mac.update(last);
    const tail = this.emit(concat(body, last, this.mac.digest()));
    this.done = true;
    return { tail, digest: this.hash.digest() };
  }

  private encryptBlocks(plaintext: Uint8Array): Uint8Array {
    const all = concat(this.carry, plaintext);
    const whole = all.length - (all.length % BLOCK);
    this.carry = all.slice(whole);
    const ciphertext = this.cbc.run(all.subarray(0, whole));
    this.mac.update(ciphertext);
    return ciphertext;
  }

  private emit(bytes: Uint8Array): Uint8Array {
    let out = bytes;
    if (!this.started) {
      this.started = true;
      out = concat(this.iv, bytes);
    }
    this.hash.update(out);
    return out;
  }
}

/**
 * Takes a downloaded blob in chunks and hands out its plaintext (the first plainSize bytes only). Everything handed
 * out is unverified until {@link finish} returns; a failure throws {@link AttachmentIntegrityError}.
 */
export class AttachmentDecryptor {
  private readonly blobSize: number;
  private readonly mac;
  private readonly hash = sha256.create();
  private readonly aesKey: Uint8Array;
  private cbc?: CbcChain;
  private head: Uint8Array = new Uint8Array(0);
  private carry: Uint8Array = new Uint8Array(0);
  private tag: Uint8Array = new Uint8Array(0);
  private received = 0;
  private written = 0;

  constructor(key: Uint8Array, private readonly plainSize: number, private readonly digest?: Uint8Array) {
    checkKey(key);
    if (digest !== undefined && digest.length !== 32) throw new RangeError('an attachment digest is 32 bytes');
    this.blobSize = attachmentBlobSize(plainSize);
    this.aesKey = key.slice(0, 32);
    this.mac = hmac.create(sha256, key.slice(32, 64));
  }

  update(chunk: Uint8Array): Uint8Array {
    if (this.received + chunk.length > this.blobSize) {
      throw new AttachmentIntegrityError('TOO_LONG', `the blob is longer than ${this.blobSize} bytes`);
    }
    const start = this.received;
    this.received += chunk.length;
    this.hash.update(chunk);
    let at = 0;
    if (start < BLOCK) {
      at = Math.min(chunk.length, BLOCK - start);
      this.head = concat(this.head, chunk.subarray(0, at));
      if (this.head.length === BLOCK) {
        this.mac.update(this.head);
        this.cbc = new CbcChain(this.aesKey, this.head, true);
      }
    }
    const macStart = this.blobSize - MAC;
    const ctEnd = Math.max(at, Math.min(chunk.length, macStart - start));
    const ciphertext = chunk.subarray(at, ctEnd);
    this.tag = concat(this.tag, chunk.subarray(ctEnd));
    if (ciphertext.length === 0) return new Uint8Array(0);
    this.mac.update(ciphertext);
    // The last block holds the PKCS#7 padding: kept back until the MAC is checked.
    const all = concat(this.carry, ciphertext);
    const keep = all.length % BLOCK === 0 ? BLOCK : all.length % BLOCK;
    const whole = Math.max(0, all.length - keep);
    this.carry = all.slice(whole);
    return this.limit(this.cbc!.run(all.subarray(0, whole)));
  }

  /** Verifies size, MAC, digest and padding; returns the last of the plaintext. */
  finish(): Uint8Array {
    if (this.received < this.blobSize) {
      throw new AttachmentIntegrityError('TRUNCATED', `the blob ended after ${this.received} of ${this.blobSize} bytes`);
    }
    if (!equal(this.mac.digest(), this.tag)) {
      throw new AttachmentIntegrityError('BAD_MAC', "the attachment's MAC does not match");
    }
    if (this.digest !== undefined && !equal(this.hash.digest(), this.digest)) {
      throw new AttachmentIntegrityError('BAD_DIGEST', "the blob's SHA-256 is not the pointer's");
    }
    const last = this.cbc!.run(this.carry);
    const pad = last[BLOCK - 1];
    if (pad < 1 || pad > BLOCK || last.subarray(BLOCK - pad).some((b) => b !== pad)) {
      throw new AttachmentIntegrityError('BAD_PADDING', 'the CBC padding is wrong');
    }
    const out = this.limit(last.subarray(0, BLOCK - pad));
    if (this.written < this.plainSize) {
      throw new AttachmentIntegrityError('BAD_PADDING',
        `the blob holds ${this.written} of ${this.plainSize} plaintext bytes`);
    }
    return out;
  }

  private limit(plaintext: Uint8Array): Uint8Array {
    const n = Math.max(0, Math.min(plaintext.length, this.plainSize - this.written));
    this.written += plaintext.length;
    return plaintext.slice(0, n);
  }
}
