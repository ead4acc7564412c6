import { describe, expect, it } from 'vitest';
import {
  DeviceList, ascii, concat, decodeDeviceList, deviceList, encodeDeviceList, generateKeyPair,
  parseSignedDeviceList, serializeSignedDeviceList, sign, signDeviceList, verifyDeviceList,
} from '../src/index.js';
import { ProtoWriter } from '../src/proto.js';

const account = generateKeyPair();
const v1 = deviceList('ua', 1, ['d2', 'd1'], 1_700_000_000_000);
const v2 = deviceList('ua', 2, ['d1', 'd2', 'd3'], 1_700_000_100_000);
const signedBy = (list: DeviceList, key = account) => signDeviceList(list, key.privateKey);

describe('device lists', () => {
  it('encode as protobuf {1 suite, 2 userId, 3 version, 4 deviceId sorted, 5 issuedAt}', () => {
    const bytes = encodeDeviceList(deviceList('ua', 300, ['d2', 'd1', 'd2'], 5));
    expect(Array.from(bytes)).toEqual([0x0a, 9, ...ascii('signal-v3'), 0x12, 2, ...ascii('ua'), 0x18, 0xac, 0x02,
      0x22, 2, ...ascii('d1'), 0x22, 2, ...ascii('d2'), 0x28, 5]);
    expect(decodeDeviceList(bytes)).toEqual({ userId: 'ua', version: 300, deviceIds: ['d1', 'd2'], issuedAt: 5 });
  });

  it('round-trip signed and serialized, and verify with the account identity key', () => {
    const wire = serializeSignedDeviceList(signedBy(v2));
    const check = verifyDeviceList(parseSignedDeviceList(wire), account.publicKey, 'ua', v1);
    expect(check).toEqual({ kind: 'accepted', list: v2 });
    expect(verifyDeviceList(signedBy(v2), account.publicKey, 'ua', v2)).toEqual({ kind: 'accepted', list: v2 });
  });

  it('refuse a forgery: another key, a changed list, a prekey signature over the same bytes', () => {
    const other = generateKeyPair();
    expect(verifyDeviceList(signedBy(v1, other), account.publicKey, 'ua')).toMatchObject(
      { kind: 'refused', reason: 'BAD_SIGNATURE' });
    const signed = signedBy(v1);
    const altered = encodeDeviceList(deviceList('ua', 1, ['d1', 'd2', 'evil'], v1.issuedAt));
    expect(verifyDeviceList({ list: altered, signature: signed.signature }, account.publicKey, 'ua'))
      .toMatchObject({ kind: 'refused', reason: 'BAD_SIGNATURE' });
    const withoutContext = sign(account.privateKey, signed.list);
    expect(verifyDeviceList({ list: signed.list, signature: withoutContext }, account.publicKey, 'ua'))
      .toMatchObject({ kind: 'refused', reason: 'BAD_SIGNATURE' });
  });

  it('detect a rollback to an older version', () => {
    expect(verifyDeviceList(signedBy(v1), account.publicKey, 'ua', v2))
      .toEqual({ kind: 'rollback', offered: 1, held: 2 });
  });

  it('refuse a fork: another list under the version held', () => {
    const fork = deviceList('ua', 2, ['d1', 'd4'], v2.issuedAt);
    expect(verifyDeviceList(signedBy(fork), account.publicKey, 'ua', v2)).toMatchObject(
      { kind: 'refused', reason: 'FORK' });
    const reissued = deviceList('ua', 2, v2.deviceIds, v2.issuedAt + 1);
    expect(verifyDeviceList(signedBy(reissued), account.publicKey, 'ua', v2)).toMatchObject(
      { kind: 'refused', reason: 'FORK' });
  });

  it("refuse another user's list, even signed with the key given", () => {
    expect(verifyDeviceList(signedBy(deviceList('ub', 3, ['d1'], 1)), account.publicKey, 'ua', v1)).toMatchObject(
      { kind: 'refused', reason: 'OTHER_USER', detail: "the list is ub's, not ua's" });
  });

  it('refuse well-signed bytes that are no list', () => {
    const signedGarbage = (list: Uint8Array) => ({ list,
      signature: sign(account.privateKey, concat(ascii('chat device list'), list)) });
    const cases = [
      new ProtoWriter().bytes(1, ascii('signal-v9')).bytes(2, ascii('ua')).uint64(3, 1).bytes(4, ascii('d1'))
        .uint64(5, 1).toBytes(),
      new ProtoWriter().bytes(1, ascii('signal-v3')).bytes(2, ascii('ua')).uint64(3, 1).uint64(5, 1).toBytes(),
      new ProtoWriter().bytes(1, ascii('signal-v3')).bytes(2, ascii('ua')).uint64(3, 0).bytes(4, ascii('d1'))
        .uint64(5, 1).toBytes(),
      new ProtoWriter().bytes(1, ascii('signal-v3')).bytes(2, ascii('ua')).bytes(4, ascii('d1')).uint64(5, 1)
        .toBytes(),
      Uint8Array.of(0x0a, 40),
    ];
    for (const list of cases) {
      expect(verifyDeviceList(signedGarbage(list), account.publicKey, 'ua')).toMatchObject(
        { kind: 'refused', reason: 'MALFORMED' });
    }
    expect(() => parseSignedDeviceList(new ProtoWriter().bytes(1, ascii('x')).toBytes())).toThrow(/incomplete/);
  });

  it('are made only with a user, a version from 1 and at least one device', () => {
    expect(() => deviceList('', 1, ['d1'], 0)).toThrow(RangeError);
    expect(() => deviceList('ua', 0, ['d1'], 0)).toThrow(RangeError);
    expect(() => deviceList('ua', 1, [], 0)).toThrow(RangeError);
    expect(() => deviceList('ua', 1, [''], 0)).toThrow(RangeError);
    expect(() => deviceList('ua', 2 ** 53, ['d1'], 0)).toThrow(RangeError);
  });
});
