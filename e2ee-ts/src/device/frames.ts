/** The WebSocket frames a device uses (docs/protocol.md, Frames), as they travel: JSON, bytes in base64. */

export interface GroupEvent { action: string; actorUserId: string; userIds?: string[]; name?: string }

export interface ChatMessage {
  conversationId: string;
  seq: number;
  senderUserId: string;
  senderDeviceId?: string;
  clientMsgId?: string;
  body?: string;
  event?: GroupEvent;
  serverTime: number;
}

export interface Envelope {
  seq: number;
  senderUserId: string;
  senderDeviceId: string;
  envelopeId: string;
  suite: string;
  kind: 'prekey' | 'whisper' | 'plain';
  body: string;
  serverTime: number;
}

export interface OutgoingEnvelope {
  userId: string;
  deviceId: string;
  envelopeId: string;
  suite: 'signal-v3';
  kind: 'prekey' | 'whisper';
  body: string;
}

export interface EnvelopeResult {
  userId: string;
  deviceId: string;
  envelopeId: string;
  status: 'stored' | 'duplicate' | 'refused';
  seq?: number;
  code?: string;
}

export interface ServerFrame { type: string; reqId?: string }
export interface HelloFrame extends ServerFrame { userId: string; deviceId: string; heartbeatSeconds: number }
export interface ErrorFrame extends ServerFrame {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}
export interface SentFrame extends ServerFrame {
  conversationId: string;
  clientMsgId: string;
  seq: number;
  serverTime: number;
  duplicate: boolean;
}
export interface EnvelopesSentFrame extends ServerFrame { results: EnvelopeResult[] }
export interface MemberListFrame extends ServerFrame {
  conversationId: string;
  members: { userId: string; role: string; joinSeq: number }[];
}
export interface InboxPageFrame extends ServerFrame { envelopes: Envelope[]; hasMore: boolean }
export interface InboxAckedFrame extends ServerFrame { upTo: number }
export interface SyncPageFrame extends ServerFrame { conversationId: string; messages: ChatMessage[] }
export interface SyncEndFrame extends ServerFrame { caughtUp: boolean; messages: number }
export interface AckedFrame extends ServerFrame { conversationId: string; delivered: number; read: number }
export interface MessageFrame extends ServerFrame { message: ChatMessage }
export interface EnvelopeFrame extends ServerFrame { envelope: Envelope }

/** An {@code error} frame answering a request, or the connection closing before the answer. */
export class FrameError extends Error {
  constructor(readonly code: string, message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(`${code}: ${message}`);
  }
}
