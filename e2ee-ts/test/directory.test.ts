import { describe, expect, it } from 'vitest';
import {
  DeviceList, KeyPair, deviceList, generateKeyPair, parseSignedDeviceList, serializeSignedDeviceList, signDeviceList,
  verifyDeviceList,
} from '../src/index.js';
import { ChatApi, DeviceKeys, IdentityKeys, KeyDirectory, fromBase64, toBase64 } from '../src/device/index.js';

/** A server answering by hand: identity keys per user, and a record of every request in order. */
class FakeServer {
  readonly identityKeys = new Map<string, IdentityKeys>();
  readonly requests: { method: string; path: string; body?: any }[] = [];
  failDeviceList = false;
  keyCounts: object = { oneTimePreKeys: 0 };

  readonly fetch: typeof fetch = async (input, init) => {
    const path = String(input).replace('http://api', '');
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    this.requests.push({ method, path, body });
    return this.answer(method, path, body);
  };

  private answer(method: string, path: string, body: any): Response {
    if (path === '/v1/tokens') {
      return json({ token: 't', expiresAt: Date.now() + 3_600_000, userId: 'ua', deviceId: 'd1' });
    }
    if (path === '/v1/keys' && method === 'GET') return json(this.keyCounts);
    if (path === '/v1/keys' && method === 'PUT') {
      this.keyCounts = { suite: 'signal-v3', oneTimePreKeys: body.oneTimePreKeys.length, signedPreKeyId: 1 };
      return json(this.keyCounts);
    }
    if (path === '/v1/device-list') {
      return this.failDeviceList ? json({ code: 'INTERNAL', message: 'down' }, 500) : json({ version: 1 });
    }
    const user = path.match(/^\/v1\/identity-keys\/(.+)$/)?.[1];
    const known = user === undefined ? undefined : this.identityKeys.get(user);
    return known ? json(known) : json({ code: 'USER_NOT_FOUND', message: 'no such user' }, 404);
  }

  /** Serves {@code devices} of {@code userId}, all under {@code key}, with {@code list} signed by {@code signer}. */
  serve(userId: string, key: KeyPair, devices: string[], list?: DeviceList, signer: KeyPair = key): void {
    this.identityKeys.set(userId, { userId, deviceList: list ? signed(list, signer) : null,
      devices: devices.map((deviceId) => ({ deviceId, suite: 'signal-v3', registrationId: 1,
        identityKey: toBase64(key.publicKey) })) });
  }
}

const json = (body: object, status = 200) => new Response(JSON.stringify(body), { status });
const signed = (list: DeviceList, key: KeyPair) =>
  toBase64(serializeSignedDeviceList(signDeviceList(list, key.privateKey)));
const ids = (devices: { deviceId: string }[]) => devices.map((d) => d.deviceId);

/** The directory of device ua.d1; its TTL of -1 reads the user on every call unless a test sets one. */
function directory(server: FakeServer, own = generateKeyPair(), ttlMs = -1) {
  const logged: string[] = [];
  const api = new ChatApi('http://api', 'dc1.x', server.fetch);
  const keys = new KeyDirectory(api, { userId: 'ua', identityKey: own.publicKey }, (m) => logged.push(m), ttlMs);
  return { keys, logged };
}

describe('the key directory', () => {
  const bob = generateKeyPair();

  it('trusts only the devices both the signed list and the server name', async () => {
    const server = new FakeServer();
    server.serve('ub', bob, ['d1', 'd2', 'added-by-server'], deviceList('ub', 1, ['d1', 'd2', 'removed'], 1));
    expect(ids(await directory(server).keys.devices('ub'))).toEqual(['d1', 'd2']);
  });

  it('trusts no device of a user without a list, or with a list not signed by their identity key', async () => {
    const server = new FakeServer();
    server.serve('ub', bob, ['d1']);
    const { keys, logged } = directory(server);
    expect(await keys.devices('ub')).toEqual([]);
    expect(logged).toEqual([expect.stringMatching(/no signed device list/)]);
    server.serve('ub', bob, ['d1'], deviceList('ub', 1, ['d1'], 1), generateKeyPair());
    expect(await keys.devices('ub')).toEqual([]);
    expect(logged[1]).toMatch(/refused \(BAD_SIGNATURE/);
    server.serve('ub', bob, ['d1'], deviceList('uc', 1, ['d1'], 1));
    expect(await keys.devices('ub')).toEqual([]);
    expect(logged[2]).toMatch(/refused \(OTHER_USER/);
    expect(await keys.devices('nobody')).toEqual([]);
  });

  it('keeps the newest list it verified when the server rolls back, and refuses a fork', async () => {
    const server = new FakeServer();
    const { keys, logged } = directory(server);
    server.serve('ub', bob, ['d1', 'd2'], deviceList('ub', 2, ['d1'], 2));
    expect(ids(await keys.devices('ub'))).toEqual(['d1']);
    server.serve('ub', bob, ['d1', 'd2'], deviceList('ub', 1, ['d1', 'd2'], 1));
    expect(ids(await keys.devices('ub'))).toEqual(['d1']);
    expect(logged).toEqual([expect.stringMatching(/version 1 .* older than the version 2 held/)]);
    server.serve('ub', bob, ['d1', 'd2'], deviceList('ub', 2, ['d1', 'd2'], 2));
    expect(await keys.devices('ub')).toEqual([]);
    expect(logged[1]).toMatch(/refused \(FORK/);
    server.serve('ub', bob, ['d1', 'd2'], deviceList('ub', 3, ['d1', 'd2'], 3));
    expect(ids(await keys.devices('ub'))).toEqual(['d1', 'd2']);
  });

  it("holds lists per identity key: an account started again begins at version 1", async () => {
    const server = new FakeServer();
    const { keys } = directory(server);
    server.serve('ub', bob, ['d1'], deviceList('ub', 5, ['d1'], 5));
    expect(ids(await keys.devices('ub'))).toEqual(['d1']);
    const again = generateKeyPair();
    server.serve('ub', again, ['d7'], deviceList('ub', 1, ['d7'], 9));
    expect(ids(await keys.devices('ub'))).toEqual(['d7']);
  });

  it("verifies its own account's list with its own identity key, not the one the server hands out", async () => {
    const server = new FakeServer();
    const own = generateKeyPair();
    const { keys } = directory(server, own);
    const impostor = generateKeyPair();
    server.serve('ua', impostor, ['d9'], deviceList('ua', 2, ['d1', 'd9'], 2));
    expect(await keys.devices('ua')).toEqual([]);
    server.serve('ua', own, ['d2'], deviceList('ua', 2, ['d1', 'd2'], 2), own);
    expect(ids(await keys.devices('ua'))).toEqual(['d2']);
  });

  it('reads a user again only after the TTL, or when told to forget', async () => {
    const server = new FakeServer();
    const { keys } = directory(server, generateKeyPair(), 60_000);
    server.serve('ub', bob, ['d1'], deviceList('ub', 1, ['d1'], 1));
    await keys.devices('ub');
    await keys.devices('ub');
    const reads = () => server.requests.filter((r) => r.path === '/v1/identity-keys/ub').length;
    expect(reads()).toBe(1);
    keys.forget('ub');
    await keys.devices('ub');
    expect(reads()).toBe(2);
  });
});

describe("the account's first device", () => {
  it('publishes version 1 of the device list naming itself, after its keys', async () => {
    const server = new FakeServer();
    server.identityKeys.set('ua', { userId: 'ua', devices: [] });
    const store = await new DeviceKeys(new ChatApi('http://api', 'dc1.x', server.fetch)).ensurePublished(
      { userId: 'ua', deviceId: 'd1' });
    const puts = server.requests.filter((r) => r.method === 'PUT').map((r) => r.path);
    expect(puts).toEqual(['/v1/keys', '/v1/device-list']);
    const upload = server.requests.find((r) => r.path === '/v1/device-list')!.body;
    expect(upload.suite).toBe('signal-v3');
    const check = verifyDeviceList(parseSignedDeviceList(fromBase64(upload.signedList)),
      store.identityKeyPair().publicKey, 'ua');
    expect(check).toMatchObject({ kind: 'accepted', list: { userId: 'ua', version: 1, deviceIds: ['d1'] } });
  });

  it('tries the list again on its next publish when the upload failed', async () => {
    const server = new FakeServer();
    server.identityKeys.set('ua', { userId: 'ua', devices: [] });
    server.failDeviceList = true;
    const keys = new DeviceKeys(new ChatApi('http://api', 'dc1.x', server.fetch));
    await expect(keys.ensurePublished({ userId: 'ua', deviceId: 'd1' })).rejects.toThrow(/500/);
    server.failDeviceList = false;
    await keys.ensurePublished({ userId: 'ua', deviceId: 'd1' });
    await keys.ensurePublished({ userId: 'ua', deviceId: 'd1' });
    expect(server.requests.filter((r) => r.path === '/v1/device-list')).toHaveLength(2);
  });
});
