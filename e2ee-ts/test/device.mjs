// A TypeScript chat device (src/device) driven from another process (the Java end-to-end tests): one JSON command
// per line on stdin, one JSON answer per line on stdout, in order. Everything the device logs goes to stderr.
//   {"op":"start","credential":"dc1.…","apiUrl":"http://…","wsUrl":"ws://…/v1/ws"} → {"userId","deviceId"}
//   {"op":"sendText","peer":"u…"|"@handle"} or {"op":"sendText","conversationId":"g…"} plus "text" → {"conversationId","seq"}
//   {"op":"received"} → {"texts":[{conversationId, seq, senderUserId, senderDeviceId, text}], "undecryptable":[…],
//                        "events":[{conversationId, seq, action}], "closed": {code, reason} | null,
//                        "inbox": {processed, acked}}
//   {"op":"close"}
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { ChatDevice } from '../dist/device/index.js';

const log = (message) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);
const texts = [];
const undecryptable = [];
const events = [];
let closed;
let device;

const ops = {
  async start({ credential, apiUrl, wsUrl }) {
    if (device) throw new Error('started already');
    device = await ChatDevice.start({ apiUrl, wsUrl, credential, WebSocket, log, listener: {
      onText(t) {
        log(`text ${t.conversationId}#${t.seq} from ${t.senderUserId}${t.own ? ' (own)' : ''}`);
        if (!t.own) texts.push(t);
      },
      onEvent(m) {
        log(`event ${m.conversationId}#${m.seq} ${m.event.action}`);
        events.push({ conversationId: m.conversationId, seq: m.seq, action: m.event.action });
      },
      onUndecryptable(m, failure, detail, waiting) {
        log(`undecryptable ${m.conversationId}#${m.seq}: ${failure} ${detail}${waiting ? ' (waiting for its key)' : ''}`);
        if (!waiting) undecryptable.push({ conversationId: m.conversationId, seq: m.seq, failure });
      },
      onKeyNotice(conversationId, u) {
        log(`no key for ${u.device.userId}.${u.device.deviceId} in ${conversationId}: ${u.reason}`);
      },
      onClose(code, reason) {
        log(`closed ${code} ${reason}`);
        closed = { code, reason };
      },
    } });
    return { userId: device.self.userId, deviceId: device.self.deviceId };
  },
  async sendText({ peer, conversationId, text }) {
    const sent = await device.sendText(conversationId ? { conversationId } : { peer }, text);
    return { conversationId: sent.conversationId, seq: sent.seq };
  },
  received() {
    return { texts, undecryptable, events, closed: closed ?? null, inbox: device?.inboxState ?? null };
  },
  close() {
    device?.close();
    return {};
  },
};

// One command at a time, answered in order.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    let answer;
    try {
      const command = JSON.parse(line);
      const op = ops[command.op];
      if (!op) throw new Error(`unknown op ${command.op}`);
      answer = { ok: true, ...(await op(command)) };
    } catch (e) {
      log(`error: ${e && e.stack ? e.stack : e}`);
      answer = { error: String(e && e.message ? e.message : e) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
}).on('close', () => {
  queue.then(() => {
    device?.close();
    process.exit(0);
  });
});
