import { cbc } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat } from './bytes.js';

/** HKDF-SHA256 (RFC 5869); no salt means HashLen zero bytes. */
export const hkdfSha256 = (ikm: Uint8Array, salt: Uint8Array | undefined, info: Uint8Array, length: number) =>
  hkdf(sha256, ikm, salt, info, length);

export const hmacSha256 = (key: Uint8Array, ...parts: Uint8Array[]) => hmac(sha256, key, concat(...parts));

export const aesCbcEncrypt = (key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array) => cbc(key, iv).encrypt(plaintext);

/** Undefined when the length or the padding is wrong. */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  try {
    return cbc(key, iv).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}
