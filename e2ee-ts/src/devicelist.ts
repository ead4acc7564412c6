import { ascii, concat } from './bytes.js';
import { sign, verify } from './curve.js';
import { InvalidMessage } from './errors.js';
import { SUITE } from './messages.js';
import { ProtoReader, ProtoWriter } from './proto.js';

/**
 * The devices a user approved, as that user's devices sign it (Java: {@code chat.e2ee.linking.DeviceList}): the
 * user, a version that only moves forward, the device ids, and when it was issued (epoch millis). Clients encrypt
 * only to devices in the newest list they verified.
 *
 * Versions and times are numbers, exact up to 2^53 - 1; a list with a larger one is refused as MALFORMED (Java
 * reads up to 2^63 - 1), since a number above that could not be compared with the version held.
 */
export interface DeviceList {
  readonly userId: string;
  readonly version: number;
  /** Ascending (UTF-16 code units, as Java's {@code String.compareTo}), each once. */
  readonly deviceIds: readonly string[];
  readonly issuedAt: number;
}

/** A list as Java's constructor checks it: a user, a version from 1, at least one device; the ids sorted, once each. */
export function deviceList(userId: string, version: number, deviceIds: Iterable<string>, issuedAt: number): DeviceList {
  if (!userId) throw new RangeError('a device list names its user');
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError("a device list's version starts at 1");
  const ids = [...new Set(deviceIds)].sort();
  if (ids.length === 0 || ids.some((id) => !id)) throw new RangeError('a device list names at least one device');
  if (!Number.isSafeInteger(issuedAt) || issuedAt < 0) throw new RangeError(`issuedAt out of range: ${issuedAt}`);
  return { userId, version, deviceIds: ids, issuedAt };
}

/** Equal as Java's record equality: same user, version, devices and time (the devices in any order). */
export function sameDeviceList(a: DeviceList, b: DeviceList): boolean {
  const ids = (l: DeviceList) => JSON.stringify([...new Set(l.deviceIds)].sort());
  return a.userId === b.userId && a.version === b.version && a.issuedAt === b.issuedAt && ids(a) === ids(b);
}

/** The signed bytes: protobuf with the suite first and the device ids sorted, so one list has one encoding. */
export function encodeDeviceList(list: DeviceList): Uint8Array {
  const checked = deviceList(list.userId, list.version, list.deviceIds, list.issuedAt);
  const out = new ProtoWriter().bytes(1, ascii(SUITE)).bytes(2, utf8(checked.userId)).uint64(3, checked.version);
  checked.deviceIds.forEach((id) => out.bytes(4, utf8(id)));
  return out.uint64(5, checked.issuedAt).toBytes();
}

/** Throws {@link InvalidMessage} for anything Java's {@code DeviceList.decode} refuses. */
export function decodeDeviceList(bytes: Uint8Array): DeviceList {
  const proto = ProtoReader.parse(bytes);
  const suite = proto.bytes(1);
  const suiteName = suite === undefined ? 'null' : fromUtf8(suite);
  if (suiteName !== SUITE) throw new InvalidMessage(`unknown suite ${suiteName}`);
  const user = proto.bytes(2);
  const ids = proto.repeatedBytes(4).map(fromUtf8);
  if (user === undefined || !proto.has(3) || !proto.has(5)) throw new InvalidMessage('incomplete device list');
  // As Java: a field present with another wire type reads as 0 (a version 0 is then refused below).
  const version = proto.uint64(3) ?? 0;
  const issuedAt = proto.uint64(5) ?? 0;
  try {
    return deviceList(fromUtf8(user), version, ids, issuedAt);
  } catch (e) {
    throw new InvalidMessage(`invalid device list: ${(e as Error).message}`);
  }
}

/**
 * A {@link DeviceList} with its XEdDSA signature by the account identity key, as the server stores and serves it
 * (Java: {@code chat.e2ee.linking.SignedDeviceList}). The server cannot make one.
 */
export interface SignedDeviceList { list: Uint8Array; signature: Uint8Array }

/** Why a list was refused (Java: {@code SignedDeviceList.Reason}). */
export type DeviceListRefusal = 'BAD_SIGNATURE' | 'MALFORMED' | 'OTHER_USER' | 'FORK';

/** What verifying a list against the one this client holds gives (Java: {@code SignedDeviceList.Check}). */
export type DeviceListCheck =
  | { kind: 'accepted'; list: DeviceList }
  /** Well signed but older than the version this client holds: the server replayed an old list. */
  | { kind: 'rollback'; offered: number; held: number }
  | { kind: 'refused'; reason: DeviceListRefusal; detail: string };

/**
 * The signature covers a fixed context and the list, so it can never be mistaken for a prekey signature (and a
 * prekey signature never passes as a list's).
 */
const CONTEXT = ascii('chat device list');
const signedBytes = (list: Uint8Array) => concat(CONTEXT, list);

/** Signs with the account identity's private key ({@code z}: XEdDSA's 64 random bytes, fresh unless given). */
export function signDeviceList(list: DeviceList, identityPrivateKey: Uint8Array, z?: Uint8Array): SignedDeviceList {
  const encoded = encodeDeviceList(list);
  return { list: encoded, signature: sign(identityPrivateKey, signedBytes(encoded), z) };
}

/**
 * Checks the signature with the account identity key (33 bytes, serialized), that the list is {@code userId}'s,
 * and that it does not go back from {@code held}: an older version is a rollback, the same version must be the same
 * list (two lists under one version mean a device signed a fork: refused). The same order of checks as Java.
 */
export function verifyDeviceList(signed: SignedDeviceList, identityKey: Uint8Array, userId: string,
    held?: DeviceList): DeviceListCheck {
  if (!verify(identityKey, signedBytes(signed.list), signed.signature)) {
    return refused('BAD_SIGNATURE', 'the signature does not verify with the account identity key');
  }
  let decoded: DeviceList;
  try {
    decoded = decodeDeviceList(signed.list);
  } catch (e) {
    if (!(e instanceof InvalidMessage)) throw e;
    return refused('MALFORMED', e.message);
  }
  if (decoded.userId !== userId) {
    return refused('OTHER_USER', `the list is ${decoded.userId}'s, not ${userId}'s`);
  }
  if (held && decoded.version < held.version) return { kind: 'rollback', offered: decoded.version, held: held.version };
  if (held && decoded.version === held.version && !sameDeviceList(decoded, held)) {
    return refused('FORK', `a different list under the same version ${decoded.version}`);
  }
  return { kind: 'accepted', list: decoded };
}

/** {@code {1: list, 2: signature}} in protobuf. */
export function serializeSignedDeviceList(signed: SignedDeviceList): Uint8Array {
  return new ProtoWriter().bytes(1, signed.list).bytes(2, signed.signature).toBytes();
}

/** Throws {@link InvalidMessage} when either field is missing or the bytes are no protobuf. */
export function parseSignedDeviceList(bytes: Uint8Array): SignedDeviceList {
  const proto = ProtoReader.parse(bytes);
  const list = proto.bytes(1);
  const signature = proto.bytes(2);
  if (!list || !signature) throw new InvalidMessage('incomplete signed device list');
  return { list, signature };
}

const refused = (reason: DeviceListRefusal, detail: string): DeviceListCheck => ({ kind: 'refused', reason, detail });
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Keeps a leading U+FEFF as Java's {@code new String(bytes, UTF_8)} does (TextDecoder drops it by default). */
const fromUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
