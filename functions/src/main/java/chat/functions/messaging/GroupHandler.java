package chat.functions.messaging;

import chat.functions.messaging.ConversationLog.Appended;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.store.StoredMessage;
import chat.functions.store.UsersTable;
import chat.functions.support.AfterCall;
import chat.functions.support.CrashPoints;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.Limits;
import chat.model.frames.CreateGroupFrame;
import chat.model.frames.GroupAction;
import chat.model.frames.GroupChangeFrame;
import chat.model.frames.GroupEvent;
import chat.model.frames.SentFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Group creation and membership changes. Every change is an entry in the conversation's own sequence, stored once
 * (idempotent by clientMsgId like a send) and fanned out like a message.
 *
 * <p>Order of effects, so fan-out never reaches the wrong people: an added member is recorded after its event is
 * stored (joinSeq = event seq - 1) and before the event is queued; a removed member is first marked leaving (gets
 * nothing more), then the event is stored, then its last visible seq is set to the event's seq.
 *
 * <p>An add's member slots are held by {@link MemberSlots} under the add's own clientMsgId, so an attempt that dies
 * before storing leaves slots its retry reuses, never a second reservation.
 */
@ApplicationScoped
public class GroupHandler {
    private final Memberships memberships;
    private final MembersTable members;
    private final MemberConversations mine;
    private final ConversationsTable conversations;
    private final UsersTable users;
    private final ConversationLog log;
    private final MemberSlots slots;
    private final CrashPoints crashPoints;
    private final Clock clock;
    private final GroupReceipts receipts;
    private final AfterCall afterCall;

    public GroupHandler(Memberships memberships, MembersTable members, MemberConversations mine,
            ConversationsTable conversations, UsersTable users, ConversationLog log, MemberSlots slots,
            CrashPoints crashPoints, Clock clock, GroupReceipts receipts, AfterCall afterCall) {
        this.memberships = memberships;
        this.members = members;
        this.mine = mine;
        this.conversations = conversations;
        this.users = users;
        this.log = log;
        this.slots = slots;
        this.crashPoints = crashPoints;
        this.clock = clock;
        this.receipts = receipts;
        this.afterCall = afterCall;
    }

    public SentFrame create(Caller caller, CreateGroupFrame frame) {
        Set<String> others = new LinkedHashSet<>(frame.userIds());
        others.remove(caller.userId());
        requireUsersExist(others);
        String groupId = groupId(caller, frame.clientMsgId());
        long now = clock.millis();
        boolean created = conversations.createGroup(groupId, frame.name(), others.size() + 1, now);
        Optional<Member> creator = created ? Optional.empty() : members.find(groupId, caller.userId());
        if (!created && creator.isEmpty()) {
            throw Memberships.notFound();
        }
        List<String> all = new ArrayList<>();
        all.add(caller.userId());
        all.addAll(others);
        mine.record(groupId, all, now);
        members.addIfAbsent(groupId, caller.userId(), "admin", 0, now);
        for (String user : others) {
            members.addIfAbsent(groupId, user, "member", 0, now);
        }
        Appended appended = log.append(caller, groupId, frame.clientMsgId(), null,
                new GroupEvent(GroupAction.CREATED, caller.userId(), all, frame.name()));
        // The fan-out moves the creator's own cursor once it has pushed the entry: then a repeat pushes nothing.
        boolean pushed = appended.duplicate()
                && creator.map(m -> m.readSeq() >= appended.entry().seq()).orElse(false);
        if (!pushed) {
            log.publish(appended.entry());
        }
        return SendHandler.sent(frame.reqId(), appended);
    }

    public SentFrame change(Caller caller, GroupChangeFrame frame) {
        String conversationId = frame.conversationId();
        Optional<StoredMessage> earlier = log.earlier(caller, conversationId, frame.clientMsgId());
        if (earlier.isPresent()) {
            // A retry of a change that was stored: finish its effects (the first attempt may have died) and answer.
            finish(earlier.get());
            return SendHandler.sent(frame.reqId(), new Appended(earlier.get(), true));
        }
        Member actor = memberships.require(conversationId, caller.userId());
        if (Ids.isDirect(conversationId)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "not a group");
        }
        if (!"leave".equals(frame.action()) && !actor.admin()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "only admins can " + frame.action());
        }
        GroupEvent event = switch (frame.action()) {
            case "add" -> prepareAdd(caller, frame);
            case "remove" -> prepareRemoval(caller, conversationId, frame.userIds().get(0), GroupAction.REMOVED);
            case "leave" -> prepareRemoval(caller, conversationId, caller.userId(), GroupAction.LEFT);
            case "promote" -> new GroupEvent(GroupAction.PROMOTED, caller.userId(),
                    requireActive(conversationId, frame.userIds()), null);
            default -> new GroupEvent(GroupAction.RENAMED, caller.userId(), List.of(), frame.name());
        };
        Appended appended;
        try {
            appended = log.append(caller, conversationId, frame.clientMsgId(), null, event);
        } catch (RuntimeException e) {
            undoPrepare(conversationId, event);
            throw e;
        }
        applyAfterStore(appended.entry());
        log.publish(appended.entry());
        return SendHandler.sent(frame.reqId(), appended);
    }

    private GroupEvent prepareAdd(Caller caller, GroupChangeFrame frame) {
        List<String> newcomers = new ArrayList<>();
        for (String user : frame.userIds()) {
            if (members.find(frame.conversationId(), user).filter(Member::active).isEmpty()) {
                newcomers.add(user);
            }
        }
        if (newcomers.isEmpty()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "every user named is a member already");
        }
        requireUsersExist(newcomers);
        slots.take(caller, frame.conversationId(), frame.clientMsgId(), newcomers.size(), this::finish);
        crashPoints.reached(CrashPoints.GROUP_AFTER_RESERVE);
        return new GroupEvent(GroupAction.ADDED, caller.userId(), newcomers, null);
    }

    private GroupEvent prepareRemoval(Caller caller, String conversationId, String target, GroupAction action) {
        if (action == GroupAction.REMOVED && target.equals(caller.userId())) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "to remove yourself, leave");
        }
        if (!members.markLeaving(conversationId, target)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "not a member");
        }
        return new GroupEvent(action, caller.userId(), List.of(target), null);
    }

    /** Completes a stored change whose first attempt may have died half-way. */
    private void finish(StoredMessage entry) {
        applyAfterStore(entry);
        log.publish(entry);
    }

    /** Effects that follow the stored event; safe to run again when a retry finds the event stored. */
    private void applyAfterStore(StoredMessage entry) {
        GroupEvent event = entry.event();
        String conversationId = entry.conversationId();
        long now = clock.millis();
        switch (event.action()) {
            case ADDED -> {
                mine.record(conversationId, event.userIds(), now);
                event.userIds().forEach(u -> members.addIfAbsent(conversationId, u, "member", entry.seq() - 1, now));
                slots.settle(entry);
            }
            case REMOVED, LEFT -> {
                String target = event.userIds().get(0);
                boolean stillCounted = members.find(conversationId, target).map(m -> m.leftSeq() == null)
                        .orElse(false);
                members.markLeft(conversationId, target, entry.seq());
                if (stillCounted) {
                    conversations.changeMemberCount(conversationId, -1, Limits.MAX_GROUP_MEMBERS);
                }
                // The one who left may have been the last laggard: the aggregate receipt can move now.
                afterCall.run("receipts of " + conversationId, () -> receipts.recompute(conversationId));
            }
            case PROMOTED -> event.userIds().forEach(u -> members.setRole(conversationId, u, "admin"));
            case RENAMED -> conversations.rename(conversationId, event.name());
            default -> {
                // CREATED has no effect after the store: the group and its members exist before it.
            }
        }
    }

    /** A change that could not be stored gives back what it took. */
    private void undoPrepare(String conversationId, GroupEvent event) {
        switch (event.action()) {
            // An add's slots stay reserved: another attempt of it may still store it, or its retry reuses them.
            case REMOVED, LEFT -> members.clearLeaving(conversationId, event.userIds().get(0));
            default -> {
                // Nothing was taken.
            }
        }
    }

    private List<String> requireActive(String conversationId, List<String> userIds) {
        for (String user : userIds) {
            if (members.find(conversationId, user).filter(Member::active).isEmpty()) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "not a member: " + user);
            }
        }
        return userIds;
    }

    private void requireUsersExist(Collection<String> userIds) {
        Set<String> found = users.existing(userIds);
        for (String user : userIds) {
            if (!found.contains(user)) {
                throw new ChatException(ErrorCode.USER_NOT_FOUND, "no such user: " + user);
            }
        }
    }

    /** The same create retried (same device, same clientMsgId) names the same group. */
    static String groupId(Caller caller, String clientMsgId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (caller.userId() + "|" + caller.deviceId() + "|" + clientMsgId).getBytes(StandardCharsets.UTF_8));
            char[] alphabet = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
            StringBuilder id = new StringBuilder("g");
            for (int i = 0; i < 16; i++) {
                id.append(alphabet[(digest[i] & 0xff) % alphabet.length]);
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
