package chat.model.schema;

import chat.model.schema.TableDef.Index;
import chat.model.schema.TableDef.Key;
import chat.model.schema.TableDef.Type;
import java.util.List;

/**
 * Every table of the system with its key and attribute names. The storage classes in {@code functions}, the local
 * stack and the CDK app all read these constants; change a schema here and nowhere else.
 */
public final class Tables {
    private Tables() {
    }

    /** Accounts. */
    public static final class Users {
        public static final String USER_ID = "userId";
        public static final String HANDLE = "handle";
        public static final String DISPLAY_NAME = "displayName";
        public static final String PASSWORD_HASH = "passwordHash";
        /** How many devices the account has; capped by a conditional update. */
        public static final String DEVICE_COUNT = "deviceCount";
        public static final String CREATED_AT = "createdAt";
        /** Epoch millis of the user's last disconnect (their last device going offline). */
        public static final String LAST_SEEN = "lastSeen";
        /** Who may see last seen and online status: everyone | contacts | nobody (absent = everyone). */
        public static final String LAST_SEEN_PRIVACY = "lastSeenPrivacy";
        /**
         * Epoch millis at which the account's deletion began: from then on its password is refused for a login, and
         * a repeat of the deletion (same token and password) finishes what a crash left.
         */
        public static final String DELETED_AT = "deletedAt";
        public static final TableDef DEF = new TableDef("users", new Key(USER_ID, Type.S), null, List.of(), null);

        private Users() {
        }
    }

    /** Handle to user id; the conditional put on this table is what makes handles unique. */
    public static final class Handles {
        public static final String HANDLE = "handle";
        public static final String USER_ID = "userId";
        /**
         * Set when the account was deleted: epoch millis until which the handle stays reserved (quarantine). It names
         * no user meanwhile, and a registration may take it over once the time has passed.
         */
        public static final String RESERVED_UNTIL = "reservedUntil";
        public static final TableDef DEF = new TableDef("handles", new Key(HANDLE, Type.S), null, List.of(), null);

        private Handles() {
        }
    }

    /** A user's devices and their hashed credentials. */
    public static final class Devices {
        public static final String USER_ID = "userId";
        public static final String DEVICE_ID = "deviceId";
        public static final String NAME = "name";
        public static final String SECRET_HASH = "secretHash";
        public static final String CREATED_AT = "createdAt";
        public static final TableDef DEF = new TableDef("devices", new Key(USER_ID, Type.S),
                new Key(DEVICE_ID, Type.S), List.of(), null);

        private Devices() {
        }
    }

    /** One item per conversation; {@code lastSeq} is advanced (never moved back) as messages fan out. */
    public static final class Conversations {
        public static final String CONVERSATION_ID = "conversationId";
        public static final String KIND = "kind";
        public static final String CREATED_AT = "createdAt";
        public static final String LAST_SEQ = "lastSeq";
        public static final String LAST_ACTIVITY_AT = "lastActivityAt";
        /** Groups: display name. */
        public static final String NAME = "name";
        /** Groups: active members, capped by a conditional update. */
        public static final String MEMBER_COUNT = "memberCount";
        /** Groups: every active member has received / read up to these seqs (only move forward). */
        public static final String DELIVERED_ALL = "deliveredAll";
        public static final String READ_ALL = "readAll";
        /**
         * Groups: how many active members were at or below {@code deliveredAll} / {@code readAll} when it was last
         * computed, less each one seen passing it since; at 0 the aggregate is computed again from the member list.
         */
        public static final String DELIVERED_BEHIND = "deliveredBehind";
        public static final String READ_BEHIND = "readBehind";
        /**
         * Groups: member slots counted in {@code memberCount} for adds whose members are not recorded yet, a map of
         * operation key ({@code deviceId|clientMsgId}) to {@code {n, at}}, so a retried add reuses its slots.
         */
        public static final String RESERVATIONS = "reservations";
        public static final String RESERVED_COUNT = "n";
        public static final String RESERVED_AT = "at";
        /**
         * Direct chats: each member's delivered / read cursors live on the conversation item (one attribute per
         * member, named by these prefixes and the user id; only move forward, never past {@code lastSeq}), so a
         * send moves the head and the sender's own cursors in one write and an ack is one write.
         */
        public static final String DELIVERED_PREFIX = "d_";
        public static final String READ_PREFIX = "r_";
        public static final TableDef DEF = new TableDef("conversations", new Key(CONVERSATION_ID, Type.S), null,
                List.of(), null);

        /** The attribute holding a direct-chat member's delivered cursor. */
        public static String deliveredOf(String userId) {
            return DELIVERED_PREFIX + userId;
        }

        /** The attribute holding a direct-chat member's read cursor. */
        public static String readOf(String userId) {
            return READ_PREFIX + userId;
        }

        private Conversations() {
        }
    }

    /**
     * Membership with the member's cumulative delivered and read cursors (a direct chat's cursors are on its
     * conversation item instead; its member rows keep role and join seq).
     */
    public static final class Members {
        public static final String CONVERSATION_ID = "conversationId";
        public static final String USER_ID = "userId";
        public static final String ROLE = "role";
        /** Members see messages with seq greater than this. */
        public static final String JOIN_SEQ = "joinSeq";
        public static final String DELIVERED_SEQ = "deliveredSeq";
        public static final String READ_SEQ = "readSeq";
        public static final String JOINED_AT = "joinedAt";
        /** Set when the member left or was removed: the seq of that event, the last one they may see. */
        public static final String LEFT_SEQ = "leftSeq";
        /** Set while a removal is being stored: the member gets nothing new and may not send. */
        public static final String LEAVING = "leaving";
        public static final String BY_USER_INDEX = "byUser";
        public static final TableDef DEF = new TableDef("members", new Key(CONVERSATION_ID, Type.S),
                new Key(USER_ID, Type.S),
                List.of(new Index(BY_USER_INDEX, new Key(USER_ID, Type.S), new Key(CONVERSATION_ID, Type.S))),
                null);

        private Members() {
        }
    }

    /**
     * Which conversations each user is in, keyed by the user: written before a membership is answered, and read with
     * a strongly consistent Query, so sync finds a conversation at once (the members' byUser index may lag).
     */
    public static final class UserConversations {
        public static final String USER_ID = "userId";
        public static final String CONVERSATION_ID = "conversationId";
        public static final String ADDED_AT = "addedAt";
        public static final TableDef DEF = new TableDef("user-conversations", new Key(USER_ID, Type.S),
                new Key(CONVERSATION_ID, Type.S), List.of(), null);

        private UserConversations() {
        }
    }

    /** Messages, stored once per conversation, keyed by their gapless per-conversation seq. */
    public static final class Messages {
        public static final String CONVERSATION_ID = "conversationId";
        public static final String SEQ = "seq";
        public static final String SENDER_USER_ID = "senderUserId";
        public static final String SENDER_DEVICE_ID = "senderDeviceId";
        public static final String CLIENT_MSG_ID = "clientMsgId";
        public static final String BODY = "body";
        public static final String SERVER_TIME = "serverTime";
        /** Group events (JSON) are entries without a body. */
        public static final String EVENT = "event";
        public static final TableDef DEF = new TableDef("messages", new Key(CONVERSATION_ID, Type.S),
                new Key(SEQ, Type.N), List.of(), null);

        private Messages() {
        }
    }

    /**
     * One item per (conversation, sending device, clientMsgId): claimed before a message is stored, so a resend finds
     * the original instead of storing again.
     */
    public static final class SendClaims {
        public static final String CLAIM_KEY = "claimKey";
        /** The conversation's head when the claim was made: the stored message, if any, has a larger seq. */
        public static final String CLAIM_HEAD = "claimHead";
        public static final String CLAIMED_AT = "claimedAt";
        public static final String EXPIRES_AT = "expiresAt";
        public static final TableDef DEF = new TableDef("send-claims", new Key(CLAIM_KEY, Type.S), null, List.of(),
                EXPIRES_AT);

        private SendClaims() {
        }
    }

    /**
     * Which broker node holds each connected device: one item per user with a map of device id to connection, so the
     * fan-out finds every device of up to 100 members with one BatchGetItem, and a reconnect replaces the entry.
     */
    public static final class Connections {
        public static final String USER_ID = "userId";
        /** Map: deviceId -> {connectionId, nodeId, callbackUrl, connectedAt}. */
        public static final String DEVICES = "devices";
        public static final String CONNECTION_ID = "connectionId";
        public static final String NODE_ID = "nodeId";
        public static final String CALLBACK_URL = "callbackUrl";
        public static final String CONNECTED_AT = "connectedAt";
        public static final String EXPIRES_AT = "expiresAt";
        public static final TableDef DEF = new TableDef("connections", new Key(USER_ID, Type.S), null, List.of(),
                EXPIRES_AT);

        private Connections() {
        }
    }

    /**
     * Broker liveness: each broker instance writes its heartbeat every few seconds. A connection entry counts as
     * online only while its node's {@code expiresAt} (epoch millis) lies in the future; the reaper claims expired
     * nodes with a conditional write on {@code reapedAt} and clears what they held.
     */
    public static final class Brokers {
        /** The broker instance: configured node id + a per-boot suffix, so a restarted node is a new instance. */
        public static final String NODE_ID = "nodeId";
        public static final String CALLBACK_URL = "callbackUrl";
        public static final String HEARTBEAT_AT = "heartbeatAt";
        /** Epoch millis after which the node counts as dead unless it beats again. */
        public static final String EXPIRES_AT = "expiresAt";
        /** Set by the reaper that is clearing the dead node (epoch millis). */
        public static final String REAPED_AT = "reapedAt";
        /** Epoch seconds for cloud TTL clean-up only. */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("brokers", new Key(NODE_ID, Type.S), null, List.of(), TTL);

        private Brokers() {
        }
    }

    /**
     * Per broker instance, the devices it holds: written on connect, removed on disconnect, so the reaper of a
     * crashed node finds its users without scanning the connections table.
     */
    public static final class NodeConnections {
        public static final String NODE_ID = "nodeId";
        /** {@code userId#deviceId}. */
        public static final String DEVICE_KEY = "deviceKey";
        public static final String CONNECTION_ID = "connectionId";
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("node-connections", new Key(NODE_ID, Type.S),
                new Key(DEVICE_KEY, Type.S), List.of(), TTL);

        private NodeConnections() {
        }
    }

    /**
     * Presence subscriptions, keyed by the watched user so a change finds its subscribers with one Query. They end
     * with the subscribing connection: a push that finds the connection gone (or its node dead) deletes the item.
     */
    public static final class PresenceSubs {
        public static final String WATCHED_USER_ID = "watchedUserId";
        public static final String CONNECTION_ID = "connectionId";
        public static final String SUBSCRIBER_USER_ID = "subscriberUserId";
        public static final String NODE_ID = "nodeId";
        public static final String CALLBACK_URL = "callbackUrl";
        /** Epoch seconds for cloud TTL clean-up of subscriptions whose removal was missed. */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("presence-subs", new Key(WATCHED_USER_ID, Type.S),
                new Key(CONNECTION_ID, Type.S), List.of(), TTL);

        private PresenceSubs() {
        }
    }

    /**
     * Push targets: one item per user with a map deviceId -> target, so the fan-out finds the targets of up to 100
     * recipients with one BatchGetItem.
     */
    public static final class PushTargets {
        public static final String USER_ID = "userId";
        /** Map: deviceId -> {kind, endpoint, p256dh, auth, token, registeredAt}. */
        public static final String TARGETS = "targets";
        public static final String KIND = "kind";
        public static final String ENDPOINT = "endpoint";
        public static final String P256DH = "p256dh";
        public static final String AUTH = "auth";
        public static final String TOKEN = "token";
        public static final String REGISTERED_AT = "registeredAt";
        public static final TableDef DEF = new TableDef("push-targets", new Key(USER_ID, Type.S), null, List.of(),
                null);

        private PushTargets() {
        }
    }

    /**
     * Push collapsing and rate limiting: one item per (device, conversation) holding when it was last notified, and
     * one per (device, minute) counting notifications; both changed only by conditional writes.
     */
    public static final class PushState {
        public static final String STATE_KEY = "stateKey";
        public static final String NOTIFIED_AT = "notifiedAt";
        public static final String COUNT = "count";
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("push-state", new Key(STATE_KEY, Type.S), null, List.of(),
                TTL);

        private PushState() {
        }
    }

    /**
     * Login throttle: one item per throttled key ({@code h#<handle>} or {@code a#<source address>}) counting the
     * password checks of its current window, which starts at the first check after the previous window ended. The
     * window's start is compared on every read and write (no reliance on TTL deletion). The key directory counts
     * its bundle fetches here too, per fetching device ({@code kf#<userId>#<deviceId>}).
     */
    public static final class LoginThrottle {
        public static final String THROTTLE_KEY = "throttleKey";
        /** Epoch millis at which the current window began. */
        public static final String WINDOW_START = "windowStart";
        /** Password checks counted in the window (successful ones are given back). */
        public static final String ATTEMPTS = "attempts";
        /** Epoch seconds for cloud TTL clean-up only. */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("login-throttle", new Key(THROTTLE_KEY, Type.S), null,
                List.of(), TTL);

        private LoginThrottle() {
        }
    }

    /**
     * The key directory's record of each device: its identity key, registration id and current signed prekey, all
     * public. Keyed like the devices table, so a user's records are one Query. The identity key and registration id of
     * an item never change (conditional writes); the signed prekey is replaced on rotation.
     */
    public static final class DeviceKeys {
        public static final String USER_ID = "userId";
        public static final String DEVICE_ID = "deviceId";
        /** The key suite, e.g. {@code signal-v3}. */
        public static final String SUITE = "suite";
        /** Binary: Signal's 33-byte serialized public key. */
        public static final String IDENTITY_KEY = "identityKey";
        public static final String REGISTRATION_ID = "registrationId";
        public static final String SIGNED_PRE_KEY_ID = "signedPreKeyId";
        /** Binary: 33 bytes. */
        public static final String SIGNED_PRE_KEY = "signedPreKey";
        /** Binary: the 64-byte XEdDSA signature over {@link #SIGNED_PRE_KEY}'s bytes. */
        public static final String SIGNED_PRE_KEY_SIGNATURE = "signedPreKeySignature";
        public static final String UPDATED_AT = "updatedAt";
        public static final TableDef DEF = new TableDef("device-keys", new Key(USER_ID, Type.S),
                new Key(DEVICE_ID, Type.S), List.of(), null);

        private DeviceKeys() {
        }
    }

    /**
     * Each user's signed device list (docs/e2ee.md): the bytes of a {@code SignedDeviceList} exactly as a device of
     * the user signed it, which the server cannot make. One item per user; a write must carry a higher version than
     * the stored one unless it is signed by another identity key (an account started again).
     */
    public static final class DeviceLists {
        public static final String USER_ID = "userId";
        /** Binary: the 33-byte identity key the list's signature verified with. */
        public static final String IDENTITY_KEY = "identityKey";
        /** The list's version, which only moves forward under one identity key. */
        public static final String VERSION = "version";
        /** Binary: the serialized signed list. */
        public static final String SIGNED_LIST = "signedList";
        public static final String UPDATED_AT = "updatedAt";
        public static final TableDef DEF = new TableDef("device-lists", new Key(USER_ID, Type.S), null, List.of(),
                null);

        private DeviceLists() {
        }
    }

    /**
     * One-time prekeys, one item per key, keyed by device ({@code userId#deviceId}) and key id. A fetch hands one out
     * by deleting it with a condition and taking the deleted item's value: exactly one fetch gets each key.
     */
    public static final class OneTimePreKeys {
        /** {@code userId#deviceId}. */
        public static final String DEVICE_KEY = "deviceKey";
        public static final String KEY_ID = "keyId";
        public static final String SUITE = "suite";
        /** Binary: Signal's 33-byte serialized public key. */
        public static final String PUBLIC_KEY = "publicKey";
        public static final String UPLOADED_AT = "uploadedAt";
        public static final TableDef DEF = new TableDef("one-time-prekeys", new Key(DEVICE_KEY, Type.S),
                new Key(KEY_ID, Type.N), List.of(), null);

        /** The partition of a device's keys. */
        public static String deviceKey(String userId, String deviceId) {
            return userId + "#" + deviceId;
        }

        private OneTimePreKeys() {
        }
    }

    /**
     * Device inboxes: pairwise envelopes addressed to one device, stored until that device acks them. Partition per
     * recipient device ({@code userId#deviceId}); sort key the inbox seq. The item at seq 0 is the inbox's head
     * record: {@code head}, the highest seq ever stored (it only grows, so a seq is never reused after the entries
     * below it were acked and deleted), and {@code acked}, the device's cumulative ack. Envelopes are put at
     * {@code head + 1} with a conditional put, so a reader that stops at {@code head} never sees a gap filled later.
     */
    public static final class Inbox {
        /** {@code userId#deviceId} of the recipient device. */
        public static final String INBOX_KEY = "inboxKey";
        /** 0 for the head record, from 1 on the envelopes. */
        public static final String SEQ = "seq";
        /** Head record: the highest seq stored so far. */
        public static final String HEAD = "head";
        /** Head record: the device's cumulative ack (everything at or below it was deleted). */
        public static final String ACKED = "acked";
        public static final String SENDER_USER_ID = "senderUserId";
        public static final String SENDER_DEVICE_ID = "senderDeviceId";
        public static final String ENVELOPE_ID = "envelopeId";
        public static final String SUITE = "suite";
        public static final String KIND = "kind";
        public static final String BODY = "body";
        /** Epoch millis when stored; an envelope older than the inbox's maximum age is expired on read. */
        public static final String STORED_AT = "storedAt";
        /** Epoch seconds for cloud TTL clean-up only (the code compares {@code storedAt} on read). */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("inbox", new Key(INBOX_KEY, Type.S), new Key(SEQ, Type.N),
                List.of(), TTL);

        /** The partition of a device's inbox. */
        public static String key(String userId, String deviceId) {
            return userId + "#" + deviceId;
        }

        private Inbox() {
        }
    }

    /**
     * One item per (recipient device, sending device, envelopeId): claimed before an envelope is stored, then given
     * its seq, so a resend with the same envelopeId stores nothing new (also after the envelope was acked).
     */
    public static final class InboxClaims {
        /** {@code userId#deviceId} of the recipient device, as in {@link Inbox#INBOX_KEY}. */
        public static final String INBOX_KEY = "inboxKey";
        /** {@code senderDeviceId#envelopeId}. */
        public static final String CLAIM_ID = "claimId";
        public static final String CLAIMED_AT = "claimedAt";
        /** Set once the envelope is stored. */
        public static final String SEQ = "seq";
        /** Epoch seconds for cloud TTL clean-up only (a claim outlives its envelope by at most the maximum age). */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("inbox-claims", new Key(INBOX_KEY, Type.S),
                new Key(CLAIM_ID, Type.S), List.of(), TTL);

        private InboxClaims() {
        }
    }

    /**
     * One item per attachment slot: who uploads it, for which conversation, its multipart upload while it is being
     * uploaded, and when it stops being served. The blob itself is in the media bucket under
     * {@code Buckets.Media.objectKey(attachmentId)}; the server never sees its key or content.
     */
    public static final class Attachments {
        public static final String ATTACHMENT_ID = "attachmentId";
        public static final String OWNER_ID = "ownerId";
        /** The conversation the attachment is sent in: its members may download it. */
        public static final String CONVERSATION_ID = "conversationId";
        /** Bytes of the encrypted blob, as declared and then enforced part by part. */
        public static final String SIZE = "size";
        /** UPLOADING, COMPLETE or EXPIRED (blob removed, record kept so a download says so). */
        public static final String STATE = "state";
        /** The S3 multipart upload's id while UPLOADING. */
        public static final String UPLOAD_ID = "uploadId";
        public static final String CREATED_AT = "createdAt";
        /** Epoch millis: UPLOADING until the upload window closes, COMPLETE until the retention ends. */
        public static final String EXPIRES_AT = "expiresAt";
        /** Epoch seconds for cloud TTL clean-up of the record, well after {@link #EXPIRES_AT}. */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("attachments", new Key(ATTACHMENT_ID, Type.S), null,
                List.of(), TTL);

        private Attachments() {
        }
    }

    /** Per user and UTC day, the bytes and number of attachment slots handed out: the upload quota. */
    public static final class UploadQuotas {
        public static final String USER_ID = "userId";
        /** ISO date, e.g. 2026-12-03. */
        public static final String DAY = "day";
        public static final String BYTES = "bytes";
        public static final String UPLOADS = "uploads";
        /** Epoch seconds for cloud TTL clean-up. */
        public static final String TTL = "ttl";
        public static final TableDef DEF = new TableDef("upload-quotas", new Key(USER_ID, Type.S),
                new Key(DAY, Type.S), List.of(), TTL);

        private UploadQuotas() {
        }
    }

    /** All tables, in creation order. */
    public static List<TableDef> all() {
        return List.of(Users.DEF, Handles.DEF, Devices.DEF, Conversations.DEF, Members.DEF, UserConversations.DEF,
                Messages.DEF, SendClaims.DEF, Connections.DEF, Brokers.DEF, NodeConnections.DEF, PresenceSubs.DEF,
                PushTargets.DEF, PushState.DEF, LoginThrottle.DEF, DeviceKeys.DEF, DeviceLists.DEF, OneTimePreKeys.DEF,
                Inbox.DEF, InboxClaims.DEF, Attachments.DEF, UploadQuotas.DEF);
    }
}
