import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concat, equal, fromLittleEndian, randomBytes, toLittleEndian32 } from './bytes.js';
import { InvalidMessage } from './errors.js';

/** Signal's type byte for a Curve25519 key: a serialized public key is 0x05 || u (33 bytes). */
export const DJB_TYPE = 0x05;
const P = 2n ** 255n - 19n;
const Q = 2n ** 252n + 27742317777372353535851937790883648493n;
const HASH1_PREFIX = Uint8Array.from([0xfe, ...new Array(31).fill(0xff)]);

export interface KeyPair {
  publicKey: Uint8Array; // 33 bytes, serialized
  privateKey: Uint8Array; // 32 bytes, clamped
}

export function clamp(key: Uint8Array): Uint8Array {
  const k = key.slice();
  k[0] &= 248;
  k[31] &= 127;
  k[31] |= 64;
  return k;
}

export function generateKeyPair(): KeyPair {
  return keyPairFrom(randomBytes(32));
}

export function keyPairFrom(privateKey: Uint8Array): KeyPair {
  if (privateKey.length !== 32) throw new RangeError('a private key has 32 bytes');
  const k = clamp(privateKey);
  return { privateKey: k, publicKey: concat(Uint8Array.of(DJB_TYPE), x25519.getPublicKey(k)) };
}

/** The raw u of a serialized public key, refusing anything but 33 bytes starting with 0x05. */
export function decodePublicKey(serialized: Uint8Array): Uint8Array {
  if (serialized.length !== 33) throw new InvalidMessage(`a public key has 33 bytes, not ${serialized.length}`);
  if (serialized[0] !== DJB_TYPE) throw new InvalidMessage(`unknown public key type ${serialized[0]}`);
  return serialized.slice(1);
}

/** X25519; a small-order key (all-zero result) is refused. */
export function agree(privateKey: Uint8Array, theirPublicKey: Uint8Array): Uint8Array {
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, decodePublicKey(theirPublicKey));
  } catch {
    throw new InvalidMessage('their public key is of small order');
  }
  if (shared.every((b) => b === 0)) throw new InvalidMessage('their public key is of small order');
  return shared;
}

/** XEdDSA signature (Signal's specification): 64 bytes R || s with a fresh 64-byte Z. */
export function sign(privateKey: Uint8Array, message: Uint8Array, z: Uint8Array = randomBytes(64)): Uint8Array {
  const k = fromLittleEndian(clamp(privateKey)) % Q;
  const E = ed25519.Point.BASE.multiply(k);
  const negative = (E.toAffine().x & 1n) === 1n;
  const a = negative ? (Q - k) % Q : k;
  const publicA = (negative ? E.negate() : E).toBytes();
  const r = fromLittleEndian(sha512(concat(HASH1_PREFIX, toLittleEndian32(a), message, z))) % Q;
  const R = ed25519.Point.BASE.multiply(r === 0n ? 1n : r).toBytes();
  const h = fromLittleEndian(sha512(concat(R, publicA, message))) % Q;
  const s = (r + h * a) % Q;
  return concat(R, toLittleEndian32(s));
}

/** XEdDSA verification as Signal's implementations do it (sign bit of the Edwards key in the top bit of s). */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  let u: bigint;
  try {
    u = fromLittleEndian(decodePublicKey(publicKey));
  } catch {
    return false;
  }
  const sig = signature.slice();
  const signBit = sig[63] & 0x80;
  sig[63] &= 0x7f;
  if (u >= P || (sig[63] & 0xe0) !== 0 || (u + 1n) % P === 0n) return false;
  const y = (((u - 1n) % P + P) % P * modInverse(u + 1n)) % P;
  const edwardsKey = toLittleEndian32(y);
  edwardsKey[31] |= signBit;
  try {
    return ed25519.verify(sig, message, edwardsKey, { zip215: false });
  } catch {
    return false;
  }
}

function modInverse(v: bigint): bigint {
  let result = 1n;
  let base = ((v % P) + P) % P;
  let e = P - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
    e >>= 1n;
  }
  return result;
}

export const samePublicKey = (a: Uint8Array, b: Uint8Array) => equal(a, b);
