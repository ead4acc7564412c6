import { equal } from '../bytes.js';
import { Decryption, InvalidMessage } from '../errors.js';
import { GroupCipher, GroupSessionBuilder, SenderKeyStore } from '../group.js';
import { SUITE } from '../messages.js';
import { decodePairwiseContent, decodeSealedBody, encodeSealedBody, encodeSenderKeyFor } from '../sealed.js';
import { Address, CiphertextMessage, PreKeyBundle, SessionCipher, SignalStore, processBundle } from '../session.js';

/** A pairwise ciphertext for one device. */
export interface PairwiseEnvelope { to: Address; ciphertext: CiphertextMessage }
/** Why a recipient device got no key: the message will not open there until this is resolved. */
export interface Unreachable { device: Address; reason: string }
export interface Outgoing {
  conversationId: string;
  keyId: number;
  body: Uint8Array;
  envelopes: PairwiseEnvelope[];
  unreachable: Unreachable[];
}
export type Incoming =
  | { kind: 'senderKey'; conversationId: string; from: Address; isNew: boolean }
  | { kind: 'ignored' }
  | { kind: 'failed'; failure: string; detail: string };

/** Prekey bundles to start sessions with (the key directory); undefined for a device without keys. */
export interface BundleSource { fetch(device: Address): Promise<PreKeyBundle | undefined> }

export const IDENTITY_CHANGED = 'identity key changed';
const key = (a: Address) => `${a.userId}.${a.deviceId}`;

/**
 * One device's end-to-end encryption of conversations, as Java's {@code ConversationCrypto}: each message encrypted
 * once with this device's Sender Key, the key first sent, over pairwise sessions, to every recipient device that
 * does not hold it yet. Send {@link Outgoing.envelopes} before {@link Outgoing.body} and call {@link delivered} for
 * the envelopes the server stored. Not reentrant: the caller runs one {@link encrypt} at a time.
 */
export class ConversationCrypto {
  private readonly sessions: SessionCipher;
  private readonly senderKeys: GroupSessionBuilder;
  private readonly groups: GroupCipher;
  /** conversationId#keyId → devices holding that key of this device. */
  private readonly holders = new Map<string, Set<string>>();

  constructor(private readonly self: Address, private readonly signal: SignalStore, senderKeyStore: SenderKeyStore,
      private readonly bundles: BundleSource) {
    this.sessions = new SessionCipher(signal);
    this.senderKeys = new GroupSessionBuilder(senderKeyStore);
    this.groups = new GroupCipher(senderKeyStore);
  }

  /** Encrypts for {@code recipients}: every device of every member, this user's others included (self skipped). */
  async encrypt(conversationId: string, recipients: Address[], plaintext: Uint8Array): Promise<Outgoing> {
    const own = { conversationId, sender: this.self };
    const distribution = this.senderKeys.distribution(own);
    const content = encodeSenderKeyFor(conversationId, distribution);
    const envelopes: PairwiseEnvelope[] = [];
    const unreachable: Unreachable[] = [];
    const held = this.holders.get(`${conversationId}#${distribution.keyId}`);
    for (const device of recipients) {
      if (key(device) === key(this.self) || held?.has(key(device))) continue;
      const problem = await this.ensureSession(device);
      if (problem) {
        unreachable.push({ device, reason: problem });
        continue;
      }
      envelopes.push({ to: device, ciphertext: this.sessions.encrypt(device, content) });
    }
    const body = encodeSealedBody({ suite: SUITE, ciphertext: this.groups.encrypt(own, plaintext) });
    return { conversationId, keyId: distribution.keyId, body, envelopes, unreachable };
  }

  /** The server stored these envelopes: their devices hold the key and are not sent it again. */
  delivered(outgoing: Outgoing, stored: Address[]): void {
    const name = `${outgoing.conversationId}#${outgoing.keyId}`;
    const set = this.holders.get(name) ?? new Set<string>();
    stored.forEach((a) => set.add(key(a)));
    this.holders.set(name, set);
  }

  /** A new Sender Key (a member left): only devices it is then sent to read what follows. */
  rotate(conversationId: string): void {
    this.senderKeys.rotate({ conversationId, sender: this.self });
  }

  /** Opens a pairwise envelope; a Sender Key in it is stored. */
  receive(from: Address, ciphertext: CiphertextMessage): Incoming {
    const decrypted = this.sessions.decrypt(from, ciphertext);
    if (!decrypted.ok) return { kind: 'failed', failure: decrypted.failure, detail: decrypted.detail };
    try {
      const content = decodePairwiseContent(decrypted.plaintext);
      if (content.kind !== 'senderKey') return { kind: 'ignored' };
      const isNew = this.senderKeys.process({ conversationId: content.conversationId, sender: from },
        content.distribution);
      return { kind: 'senderKey', conversationId: content.conversationId, from, isNew };
    } catch (e) {
      if (e instanceof InvalidMessage) return { kind: 'failed', failure: 'MALFORMED', detail: e.message };
      throw e;
    }
  }

  /** Decrypts a stored conversation message (its base64-decoded body) sent by {@code sender}. */
  decrypt(conversationId: string, sender: Address, body: Uint8Array): Decryption {
    let ciphertext: Uint8Array;
    try {
      ciphertext = decodeSealedBody(body).ciphertext;
    } catch (e) {
      if (e instanceof InvalidMessage) return { ok: false, failure: 'MALFORMED', detail: e.message };
      throw e;
    }
    return this.groups.decrypt({ conversationId, sender }, ciphertext);
  }

  private async ensureSession(device: Address): Promise<string | undefined> {
    if (this.sessions.hasSession(device)) return undefined;
    const bundle = await this.bundles.fetch(device);
    if (!bundle) return 'no keys published';
    if (device.userId === this.self.userId && !equal(bundle.identityKey, this.signal.identityKeyPair().publicKey)) {
      return "not signed by this account's identity key";
    }
    if (!this.signal.isTrustedIdentity(device, bundle.identityKey)) return IDENTITY_CHANGED;
    try {
      processBundle(this.signal, device, bundle);
      return undefined;
    } catch (e) {
      return `bad signed prekey: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}
