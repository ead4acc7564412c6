import type { AckedFrame, ChatMessage, ServerFrame, SyncEndFrame, SyncPageFrame } from './frames.js';
import type { Connection } from './socket.js';
import { Rerun } from './rerun.js';

const ACK_DELAY_MS = 100;

/**
 * Conversation messages in seq order, each handed on exactly once (docs/protocol.md, Delivery guarantees): per
 * conversation the highest seq without a gap is kept, a repeat is dropped, a message past a gap is held and
 * {@code sync} is sent with the cursors; after processing, {@code ack} with {@code delivered} moves the server's
 * cursor (one frame per conversation per {@link ACK_DELAY_MS}).
 */
export class Timeline {
  private readonly cursors = new Map<string, number>();
  private readonly held = new Map<string, Map<number, ChatMessage>>();
  private readonly ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly acked = new Map<string, number>();
  private readonly flight = new Rerun(() => this.run());

  constructor(private readonly connection: () => Connection | undefined, private readonly handle: (m: ChatMessage) => void,
      private readonly log: (message: string) => void) {}

  /** A live message (or this device's own, once {@code sent} gave its seq). */
  onLive(m: ChatMessage): void {
    const cursor = this.cursors.get(m.conversationId);
    if (cursor !== undefined && m.seq <= cursor) return; // a repeat
    if (!this.flight.busy && (cursor === undefined ? m.seq === 1 : m.seq === cursor + 1)) {
      this.process(m);
      this.drain(m.conversationId);
      return;
    }
    this.hold(m);
    void this.sync(); // past a gap (or a conversation whose start this device has not seen)
  }

  /** Reads what this device lacks in every conversation, until the server says it is caught up. */
  sync(): Promise<void> {
    return this.flight.start();
  }

  private async run(): Promise<void> {
    let caughtUp = false;
    do {
      const c = this.connection();
      if (!c) return;
      const page = (frame: ServerFrame) => {
        for (const m of (frame as SyncPageFrame).messages) this.fromSync(m);
      };
      try {
        const end = await c.request<SyncEndFrame>({ type: 'sync', cursors: Object.fromEntries(this.cursors) }, 'syncEnd',
          page);
        caughtUp = end.caughtUp;
      } catch (e) {
        this.log(`sync failed: ${String(e)}`);
        return;
      }
      for (const conversationId of this.held.keys()) this.drain(conversationId);
    } while (this.flight.takeRequest() || !caughtUp);
  }

  private fromSync(m: ChatMessage): void {
    const cursor = this.cursors.get(m.conversationId);
    if (cursor === undefined) this.cursors.set(m.conversationId, m.seq - 1); // where this device's view starts
    if (m.seq === (this.cursors.get(m.conversationId) ?? 0) + 1) this.process(m);
    else if (m.seq > (this.cursors.get(m.conversationId) ?? 0)) this.hold(m);
  }

  private hold(m: ChatMessage): void {
    const held = this.held.get(m.conversationId) ?? new Map<number, ChatMessage>();
    held.set(m.seq, m);
    this.held.set(m.conversationId, held);
  }

  private drain(conversationId: string): void {
    const held = this.held.get(conversationId);
    const cursor = this.cursors.get(conversationId);
    if (!held || cursor === undefined) return;
    for (let next = held.get(cursor + 1); next; next = held.get((this.cursors.get(conversationId) ?? 0) + 1)) {
      held.delete(next.seq);
      this.process(next);
    }
    const now = this.cursors.get(conversationId) ?? 0;
    for (const seq of held.keys()) if (seq <= now) held.delete(seq);
    if (held.size === 0) this.held.delete(conversationId);
  }

  private process(m: ChatMessage): void {
    this.cursors.set(m.conversationId, m.seq);
    try {
      this.handle(m);
    } catch (e) {
      this.log(`message ${m.conversationId}#${m.seq} could not be handled: ${String(e)}`);
    }
    this.ackSoon(m.conversationId);
  }

  private ackSoon(conversationId: string): void {
    if (this.ackTimers.has(conversationId)) return;
    this.ackTimers.set(conversationId, setTimeout(() => void this.ack(conversationId), ACK_DELAY_MS));
  }

  private async ack(conversationId: string): Promise<void> {
    const delivered = this.cursors.get(conversationId) ?? 0;
    const c = this.connection();
    let failed = false;
    try {
      if (c && delivered > (this.acked.get(conversationId) ?? 0)) {
        const answer = await c.request<AckedFrame>({ type: 'ack', conversationId, delivered }, 'acked');
        this.acked.set(conversationId, Math.max(delivered, answer.delivered));
      }
    } catch (e) {
      this.log(`ack of ${conversationId} failed: ${String(e)}`);
      failed = true; // acked again after the next message
    } finally {
      this.ackTimers.delete(conversationId);
    }
    if ((this.cursors.get(conversationId) ?? 0) > (this.acked.get(conversationId) ?? 0) && c?.isOpen && !failed) {
      this.ackSoon(conversationId);
    }
  }

  close(): void {
    this.ackTimers.forEach((t) => clearTimeout(t));
    this.ackTimers.clear();
  }
}
