import { randomBytes } from '../bytes.js';
import { InMemorySenderKeyStore } from '../group.js';
import type { Address } from '../session.js';
import { ChatApi } from './api.js';
import { fromBase64, fromUtf8, toBase64, toHex, utf8 } from './base64.js';
import { ConversationCrypto, Outgoing, Unreachable } from './conversation.js';
import { KeyDirectory } from './directory.js';
import {
  ChatMessage, Envelope, EnvelopeFrame, EnvelopesSentFrame, FrameError, MemberListFrame, MessageFrame, OutgoingEnvelope,
  SentFrame, ServerFrame,
} from './frames.js';
import { EnvelopeInbox } from './inbox.js';
import { DeviceKeys } from './keys.js';
import { Connection, WebSocketConstructor } from './socket.js';
import { Timeline } from './timeline.js';

const ENVELOPES_PER_FRAME = 100;

/** A text this device read (or sent: {@code own}). */
export interface ReceivedText {
  conversationId: string;
  seq: number;
  senderUserId: string;
  senderDeviceId?: string;
  clientMsgId?: string;
  text: string;
  own: boolean;
  serverTime: number;
}

export interface DeviceListener {
  onText?(text: ReceivedText): void;
  /** A group event (created, added, removed, …). */
  onEvent?(message: ChatMessage): void;
  /** A message that did not open; {@code waiting} when its Sender Key has not arrived (it opens when it does). */
  onUndecryptable?(message: ChatMessage, failure: string, detail: string, waiting: boolean): void;
  /** A member device that got no Sender Key (no keys, identity changed, …): it cannot read what was sent. */
  onKeyNotice?(conversationId: string, unreachable: Unreachable): void;
  onClose?(code: number, reason: string): void;
}

export interface DeviceOptions {
  /** The HTTP API, e.g. {@code http://127.0.0.1:8081}. */
  apiUrl: string;
  /** The broker's WebSocket, e.g. {@code ws://127.0.0.1:8080/v1/ws}. */
  wsUrl: string;
  /** The device credential ({@code dc1.…}) from POST /v1/devices. */
  credential: string;
  /** The browser's {@code WebSocket}, or in Node the {@code ws} package's class. */
  WebSocket: WebSocketConstructor;
  fetch?: typeof fetch;
  listener?: DeviceListener;
  log?: (message: string) => void;
}

/** Where a text goes: a direct chat with a user (user id or {@code @handle}), or a conversation by id. */
export type Destination = { peer: string } | { conversationId: string };

export const directConversationId = (a: string, b: string) => (a < b ? `dm.${a}.${b}` : `dm.${b}.${a}`);

/**
 * A chat device with end-to-end encryption, the TypeScript twin of the Java SDK's encrypted {@code ChatDevice}
 * (same message formats: docs/e2ee.md). Keys live in memory: a restarted device is a new device.
 */
export class ChatDevice {
  private connection?: Connection;
  private readonly inbox: EnvelopeInbox;
  private readonly timeline: Timeline;
  private readonly members = new Map<string, string[]>();
  private readonly outbox = new Map<string, string>();
  private readonly parked = new Map<string, ChatMessage[]>();
  private sending: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: DeviceOptions, private readonly api: ChatApi,
      private readonly keys: DeviceKeys, private readonly directory: KeyDirectory, private readonly crypto: ConversationCrypto,
      readonly self: Address) {
    const log = options.log ?? (() => undefined);
    this.inbox = new EnvelopeInbox(() => this.connection, (e) => this.onEnvelope(e), log);
    this.timeline = new Timeline(() => this.connection, (m) => this.onMessage(m), log);
  }

  /** Logs in with the credential, publishes keys (first device of the account), connects and catches up. */
  static async start(options: DeviceOptions): Promise<ChatDevice> {
    const api = new ChatApi(options.apiUrl, options.credential, options.fetch);
    const token = await api.token();
    const self = { userId: token.userId, deviceId: token.deviceId };
    const keys = new DeviceKeys(api);
    const store = await keys.ensurePublished(self);
    const directory = new KeyDirectory(api, { userId: self.userId, identityKey: store.identityKeyPair().publicKey },
      options.log);
    const crypto = new ConversationCrypto(self, store, new InMemorySenderKeyStore(), directory);
    const device = new ChatDevice(options, api, keys, directory, crypto, self);
    await device.connect();
    return device;
  }

  private async connect(): Promise<void> {
    const { token } = await this.api.token();
    const { connection } = await Connection.open(this.options.WebSocket, this.options.wsUrl, token,
      (frame) => this.onFrame(frame), (code, reason) => {
        this.connection = undefined;
        if (!this.closed) this.options.listener?.onClose?.(code, reason);
      });
    this.connection = connection;
    await this.inbox.sync(); // Sender Keys first, then the messages they open
    await this.timeline.sync();
  }

  /** Seals {@code text} as Java's EndToEnd.seal does, sends the Sender Keys it needs, then the message. */
  sendText(to: Destination, text: string): Promise<SentFrame> {
    const next = this.sending.then(() => this.seal(to, text));
    this.sending = next.catch(() => undefined);
    return next;
  }

  /** The envelope inbox: the highest seq opened and the highest acked. */
  get inboxState(): { processed: number; acked: number } {
    return this.inbox.state;
  }

  close(): void {
    this.closed = true;
    this.inbox.close();
    this.timeline.close();
    this.connection?.close();
  }

  private async seal(to: Destination, text: string): Promise<SentFrame> {
    let conversationId: string;
    let users: string[];
    const frame: Record<string, unknown> = { type: 'send' };
    if ('conversationId' in to) {
      conversationId = to.conversationId;
      users = await this.membersOf(conversationId);
      frame.conversationId = conversationId;
    } else {
      const peer = to.peer.startsWith('@') ? (await this.api.user(to.peer)).userId : to.peer;
      conversationId = directConversationId(this.self.userId, peer);
      users = [this.self.userId, peer];
      frame.peer = peer;
    }
    const recipients: Address[] = [];
    for (const user of new Set(users)) recipients.push(...await this.directory.devices(user));
    const out = await this.crypto.encrypt(conversationId, recipients, utf8(text));
    out.unreachable.forEach((u) => this.options.listener?.onKeyNotice?.(conversationId, u));
    this.crypto.delivered(out, await this.sendEnvelopes(out));
    const clientMsgId = toHex(randomBytes(16));
    this.outbox.set(clientMsgId, text);
    frame.clientMsgId = clientMsgId;
    frame.body = toBase64(out.body);
    const sent = await this.withRetry(() => this.live().request<SentFrame>(frame, 'sent'));
    this.timeline.onLive({ conversationId: sent.conversationId, seq: sent.seq, senderUserId: this.self.userId,
      senderDeviceId: this.self.deviceId, clientMsgId, body: frame.body as string, serverTime: sent.serverTime });
    return sent;
  }

  /** Stores the envelopes, 100 per frame; answers the devices the server stored them for. */
  private async sendEnvelopes(out: Outgoing): Promise<Address[]> {
    const stored: Address[] = [];
    for (let from = 0; from < out.envelopes.length; from += ENVELOPES_PER_FRAME) {
      const chunk = out.envelopes.slice(from, from + ENVELOPES_PER_FRAME);
      const envelopes: OutgoingEnvelope[] = chunk.map((e) => ({ userId: e.to.userId, deviceId: e.to.deviceId,
        envelopeId: toHex(randomBytes(16)), suite: 'signal-v3', kind: e.ciphertext.kind,
        body: toBase64(e.ciphertext.serialized) }));
      const answer = await this.withRetry(() =>
        this.live().request<EnvelopesSentFrame>({ type: 'sendEnvelopes', envelopes }, 'envelopesSent'));
      answer.results.forEach((result, i) => {
        const to = chunk[i]?.to;
        if (!to) return;
        if (result.status !== 'refused') stored.push(to);
        else this.directory.forget(to.userId); // e.g. UNKNOWN_DEVICE: the device list changed
      });
    }
    return stored;
  }

  private async membersOf(conversationId: string): Promise<string[]> {
    const known = this.members.get(conversationId);
    if (known) return known;
    const list = await this.live().request<MemberListFrame>({ type: 'members', conversationId }, 'memberList');
    const users = list.members.map((m) => m.userId);
    this.members.set(conversationId, users);
    return users;
  }

  private live(): Connection {
    if (!this.connection) throw new FrameError('CLOSED', 'not connected', true);
    return this.connection;
  }

  /** Retries a frame refused with a retryable error: full jitter, 200 ms doubling to 5 s, at most 12 attempts. */
  private async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 0, ceiling = 200; ; i++, ceiling = Math.min(5000, ceiling * 2)) {
      try {
        return await attempt();
      } catch (e) {
        if (!(e instanceof FrameError) || !e.retryable || i >= 11 || e.code === 'CLOSED') throw e;
        const wait = Math.max(e.retryAfterMs ?? 0, Math.random() * ceiling);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'message') this.timeline.onLive((frame as MessageFrame).message);
    else if (frame.type === 'envelope') this.inbox.onLive((frame as EnvelopeFrame).envelope);
  }

  /** An envelope in inbox order: a Sender Key is stored and the messages parked for it open. */
  private onEnvelope(e: Envelope): void {
    if (e.kind === 'plain' || e.suite !== 'signal-v3') return; // linking and newer suites: not handled here
    if (e.kind === 'prekey') {
      this.keys.ensurePublished(this.self).catch((error) => this.options.log?.(`top-up failed: ${error}`));
    }
    const from = { userId: e.senderUserId, deviceId: e.senderDeviceId };
    const incoming = this.crypto.receive(from, { kind: e.kind, serialized: fromBase64(e.body) });
    if (incoming.kind === 'failed') {
      this.options.log?.(`envelope ${e.seq} from ${from.userId}.${from.deviceId}: ${incoming.failure} ${incoming.detail}`);
    } else if (incoming.kind === 'senderKey') {
      const name = parkName(incoming.conversationId, from);
      const waiting = this.parked.get(name) ?? [];
      this.parked.delete(name);
      waiting.forEach((m) => this.open(m));
    }
  }

  /** A message in seq order: an event passes (a member leaving rotates this device's key), any other is opened. */
  private onMessage(m: ChatMessage): void {
    if (m.event) {
      this.members.delete(m.conversationId);
      if (m.event.action === 'removed' || m.event.action === 'left') this.crypto.rotate(m.conversationId);
      this.options.listener?.onEvent?.(m);
      return;
    }
    if (m.senderUserId === this.self.userId && m.senderDeviceId === this.self.deviceId) {
      const text = m.clientMsgId === undefined ? undefined : this.outbox.get(m.clientMsgId);
      if (text === undefined) {
        this.options.listener?.onUndecryptable?.(m, 'DUPLICATE', 'sent from this device; its text is not kept', false);
      } else {
        this.options.listener?.onText?.({ ...textOf(m, text), own: true });
      }
      return;
    }
    this.open(m);
  }

  private open(m: ChatMessage): void {
    if (!m.senderDeviceId || m.body === undefined) {
      this.options.listener?.onUndecryptable?.(m, 'MALFORMED', 'no sender device or body', false);
      return;
    }
    const sender = { userId: m.senderUserId, deviceId: m.senderDeviceId };
    const opened = this.crypto.decrypt(m.conversationId, sender, fromBase64(m.body));
    if (opened.ok) {
      this.options.listener?.onText?.({ ...textOf(m, fromUtf8(opened.plaintext)), own: false });
      return;
    }
    const waiting = opened.failure === 'NO_SENDER_KEY';
    if (waiting) {
      const name = parkName(m.conversationId, sender);
      this.parked.set(name, [...(this.parked.get(name) ?? []), m]);
    }
    this.options.listener?.onUndecryptable?.(m, opened.failure, opened.detail, waiting);
  }
}

const parkName = (conversationId: string, a: Address) => `${conversationId}/${a.userId}.${a.deviceId}`;
const textOf = (m: ChatMessage, text: string) => ({ conversationId: m.conversationId, seq: m.seq,
  senderUserId: m.senderUserId, senderDeviceId: m.senderDeviceId, clientMsgId: m.clientMsgId, text,
  serverTime: m.serverTime });
