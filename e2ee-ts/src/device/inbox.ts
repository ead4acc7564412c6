import type { Envelope, InboxAckedFrame, InboxPageFrame } from './frames.js';
import type { Connection } from './socket.js';
import { Rerun } from './rerun.js';

/** Processed envelopes are acked together, one frame per this delay at most (as the Java SDK). */
export const ACK_DELAY_MS = 100;

/**
 * The device's envelope inbox (docs/protocol.md, Device inboxes): every envelope is opened exactly once and in inbox
 * seq order, live or synced. It keeps the highest seq processed, drops anything at or below it, holds a live
 * envelope that arrives past a gap and reads the inbox ({@code inboxSync}) to fill it, and acks cumulatively
 * ({@code inboxAck}) after processing, which lets the server delete them.
 */
export class EnvelopeInbox {
  private processed = 0;
  private acked = 0;
  private readonly held = new Map<number, Envelope>();
  private readonly flight = new Rerun(() => this.run());
  private ackTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly connection: () => Connection | undefined, private readonly open: (e: Envelope) => void,
      private readonly log: (message: string) => void) {}

  /** The highest inbox seq opened, and the highest the server confirmed acked (it deleted those). */
  get state(): { processed: number; acked: number } {
    return { processed: this.processed, acked: this.acked };
  }

  /** A live {@code envelope} frame. */
  onLive(e: Envelope): void {
    if (e.seq <= this.processed) return; // a repeat
    if (e.seq === this.processed + 1 && !this.flight.busy) {
      this.process(e);
      this.drainHeld();
    } else {
      this.held.set(e.seq, e);
      void this.sync(); // past a gap: the inbox says what exists below it
    }
  }

  /** Reads the inbox from the cursor until it has no more (after every hello, and to fill a gap). */
  sync(): Promise<void> {
    return this.flight.start();
  }

  private async run(): Promise<void> {
    let rounds = 0;
    do {
      rounds++;
      const c = this.connection();
      if (!c) return;
      let page: InboxPageFrame;
      do {
        try {
          page = await c.request<InboxPageFrame>({ type: 'inboxSync', after: this.processed }, 'inboxPage');
        } catch (e) {
          this.log(`inbox sync failed: ${String(e)}`);
          return;
        }
        for (const e of page.envelopes) if (e.seq > this.processed) this.process(e);
      } while (page.hasMore);
      for (const seq of this.held.keys()) if (seq <= this.processed) this.held.delete(seq);
      this.drainHeld();
      this.ackSoon(); // also what an earlier connection processed and the server still holds
    } while (this.flight.takeRequest() || (this.held.size > 0 && rounds < 3));
    // Still past a gap after reading the inbox again: what it skipped was acked or expired.
    for (const seq of [...this.held.keys()].sort((a, b) => a - b)) {
      const e = this.held.get(seq)!;
      this.held.delete(seq);
      if (seq > this.processed) this.process(e);
    }
  }

  private drainHeld(): void {
    for (let next = this.held.get(this.processed + 1); next; next = this.held.get(this.processed + 1)) {
      this.held.delete(next.seq);
      this.process(next);
    }
  }

  private process(e: Envelope): void {
    try {
      this.open(e);
    } catch (error) {
      this.log(`envelope ${e.seq} could not be handled: ${String(error)}`);
    }
    this.processed = e.seq;
    this.ackSoon();
  }

  private ackSoon(): void {
    if (this.processed <= this.acked || this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      void this.ack();
    }, ACK_DELAY_MS);
  }

  private async ack(): Promise<void> {
    const c = this.connection();
    const upTo = this.processed;
    if (!c || upTo <= this.acked) return; // the envelopes come again with the next sync, dropped as repeats
    try {
      const answer = await c.request<InboxAckedFrame>({ type: 'inboxAck', upTo }, 'inboxAcked');
      this.acked = Math.max(this.acked, answer.upTo);
    } catch (e) {
      this.log(`inbox ack failed: ${String(e)}`);
    }
    this.ackSoon();
  }

  /** Stops the ack timer (the device is closing). */
  close(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
  }
}
