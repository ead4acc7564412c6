import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection, EnvelopeInbox, Timeline, WebSocketLike } from '../src/device/index.js';
import type { ChatMessage, Envelope } from '../src/device/index.js';

/** A socket whose server side is the test: it reads what the client sent and answers by hand. */
class TestSocket implements WebSocketLike {
  static last: TestSocket;
  readyState = 1;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly sent: Record<string, unknown>[] = [];

  constructor(readonly url: string) {
    TestSocket.last = this;
  }

  send(data: string) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; }
  deliver(frame: object) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  last(type: string) { return [...this.sent].reverse().find((f) => f.type === type)!; }
}

async function connect() {
  const opening = Connection.open(TestSocket, 'ws://x/v1/ws', 'tok', (f) => frames.push(f), () => undefined);
  const socket = TestSocket.last;
  socket.deliver({ type: 'hello', userId: 'ua', deviceId: 'd1', heartbeatSeconds: 20 });
  const { connection } = await opening;
  return { connection, socket };
}
const frames: unknown[] = [];
const message = (seq: number): ChatMessage =>
  ({ conversationId: 'dm.ua.ub', seq, senderUserId: 'ub', senderDeviceId: 'd1', body: 'AA==', serverTime: seq });
const envelope = (seq: number): Envelope => ({ seq, senderUserId: 'ub', senderDeviceId: 'd1', envelopeId: `e${seq}`,
  suite: 'signal-v3', kind: 'whisper', body: 'AA==', serverTime: seq });

afterEach(() => vi.useRealTimers());

describe('the connection', () => {
  it('passes the token as access_token and answers requests by reqId', async () => {
    const { connection, socket } = await connect();
    expect(socket.url).toBe('ws://x/v1/ws?access_token=tok');
    const answer = connection.request({ type: 'members', conversationId: 'g1' }, 'memberList');
    socket.deliver({ type: 'memberList', reqId: socket.last('members').reqId, members: [] });
    await expect(answer).resolves.toMatchObject({ type: 'memberList' });
    const refused = connection.request({ type: 'members', conversationId: 'g2' }, 'memberList');
    socket.deliver({ type: 'error', reqId: socket.last('members').reqId, code: 'CONVERSATION_NOT_FOUND', message: 'no',
      retryable: false });
    await expect(refused).rejects.toThrow(/CONVERSATION_NOT_FOUND/);
  });
});

describe('the timeline', () => {
  it('hands each message on once and in order, syncs past a gap and acks what it has', async () => {
    vi.useFakeTimers();
    const { connection, socket } = await connect();
    const seen: number[] = [];
    const timeline = new Timeline(() => connection, (m) => seen.push(m.seq), () => undefined);
    timeline.onLive(message(1));
    timeline.onLive(message(1));
    timeline.onLive(message(3));
    expect(seen).toEqual([1]);
    const sync = socket.last('sync');
    expect(sync.cursors).toEqual({ 'dm.ua.ub': 1 });
    socket.deliver({ type: 'syncPage', reqId: sync.reqId, conversationId: 'dm.ua.ub', messages: [message(2), message(3)] });
    socket.deliver({ type: 'syncEnd', reqId: sync.reqId, caughtUp: true, messages: 2 });
    await vi.advanceTimersByTimeAsync(150);
    expect(seen).toEqual([1, 2, 3]);
    expect(socket.last('ack')).toMatchObject({ conversationId: 'dm.ua.ub', delivered: 3 });
  });
});

describe('the envelope inbox', () => {
  it('opens each envelope once in inbox order and acks cumulatively', async () => {
    vi.useFakeTimers();
    const { connection, socket } = await connect();
    const opened: number[] = [];
    const inbox = new EnvelopeInbox(() => connection, (e) => opened.push(e.seq), () => undefined);
    inbox.onLive(envelope(1));
    inbox.onLive(envelope(3));
    const sync = socket.last('inboxSync');
    expect(sync.after).toBe(1);
    socket.deliver({ type: 'inboxPage', reqId: sync.reqId, envelopes: [envelope(2), envelope(3)], hasMore: false });
    await vi.advanceTimersByTimeAsync(150);
    inbox.onLive(envelope(2));
    expect(opened).toEqual([1, 2, 3]);
    const ack = socket.last('inboxAck');
    expect(ack.upTo).toBe(3);
    socket.deliver({ type: 'inboxAcked', reqId: ack.reqId, upTo: 3 });
    await vi.advanceTimersByTimeAsync(150);
    expect(inbox.state).toEqual({ processed: 3, acked: 3 });
  });
});
