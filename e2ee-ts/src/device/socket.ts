import { ErrorFrame, FrameError, HelloFrame, ServerFrame } from './frames.js';

/**
 * What the device needs of a WebSocket: the browser's {@code WebSocket} has it, and so has the npm package
 * {@code ws} in Node (pass its class; from TypeScript cast it to {@link WebSocketConstructor}).
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

interface Pending {
  terminal: string;
  partial?: (frame: ServerFrame) => void;
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
}

/**
 * One WebSocket connection: client frames with a reqId are answered by the frame of the terminal type carrying the
 * same reqId (a {@code sync} first gets {@code syncPage}s), or by an {@code error}; everything else (live
 * {@code message} and {@code envelope} frames, receipts, …) goes to {@code onFrame}.
 */
export class Connection {
  private readonly pending = new Map<string, Pending>();
  private nextReqId = 1;
  private closed = false;

  private constructor(private readonly socket: WebSocketLike) {}

  /**
   * Opens {@code url} with the token as {@code access_token} (browsers cannot set headers) and waits for
   * {@code hello}.
   */
  static open(ctor: WebSocketConstructor, url: string, token: string, onFrame: (frame: ServerFrame) => void,
      onClose: (code: number, reason: string) => void): Promise<{ connection: Connection; hello: HelloFrame }> {
    const separator = url.includes('?') ? '&' : '?';
    const socket = new ctor(`${url}${separator}access_token=${encodeURIComponent(token)}`);
    const connection = new Connection(socket);
    return new Promise((resolve, reject) => {
      let hello: HelloFrame | undefined;
      socket.onmessage = (event) => {
        if (typeof event.data !== 'string') return; // binary frames are not part of the protocol
        const frame = JSON.parse(event.data) as ServerFrame;
        if (!hello) {
          if (frame.type !== 'hello') return;
          hello = frame as HelloFrame;
          resolve({ connection, hello });
          return;
        }
        connection.dispatch(frame, onFrame);
      };
      socket.onerror = () => {
        // onclose follows with the code
      };
      socket.onclose = (event) => {
        connection.closed = true;
        const error = new FrameError('CLOSED', `connection closed (${event.code} ${event.reason})`, true);
        for (const p of connection.pending.values()) p.reject(error);
        connection.pending.clear();
        if (!hello) reject(error);
        else onClose(event.code, event.reason);
      };
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === OPEN;
  }

  newReqId(): string {
    return `t${this.nextReqId++}`;
  }

  /** Sends a frame and waits for its answer of type {@code terminal}; an {@code error} frame rejects. */
  request<T extends ServerFrame>(frame: Record<string, unknown>, terminal: string,
      partial?: (frame: ServerFrame) => void): Promise<T> {
    const reqId = this.newReqId();
    return new Promise<T>((resolve, reject) => {
      if (!this.isOpen) {
        reject(new FrameError('CLOSED', 'not connected', true));
        return;
      }
      this.pending.set(reqId, { terminal, partial, resolve: resolve as (f: ServerFrame) => void, reject });
      this.socket.send(JSON.stringify({ ...frame, reqId }));
    });
  }

  close(): void {
    this.closed = true;
    this.socket.close(1000, 'closing');
  }

  private dispatch(frame: ServerFrame, onFrame: (frame: ServerFrame) => void): void {
    const waiting = frame.reqId === undefined ? undefined : this.pending.get(frame.reqId);
    if (!waiting) {
      onFrame(frame);
      return;
    }
    if (frame.type === 'error') {
      this.pending.delete(frame.reqId!);
      const e = frame as ErrorFrame;
      waiting.reject(new FrameError(e.code, e.message, e.retryable, e.retryAfterMs));
    } else if (frame.type === waiting.terminal) {
      this.pending.delete(frame.reqId!);
      waiting.resolve(frame);
    } else {
      waiting.partial?.(frame);
    }
  }
}
