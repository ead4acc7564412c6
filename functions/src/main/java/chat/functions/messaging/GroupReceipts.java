package chat.functions.messaging;

import chat.functions.routing.Push;
import chat.functions.routing.UserRouter;
import chat.functions.store.GroupReceiptsTable;
import chat.functions.store.GroupReceiptsTable.State;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.support.AfterCall;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.GroupReceiptFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Group acks and the aggregate receipts ("delivered to all", "read by all"). Per-member receipts would be members²
 * frames, so only the aggregate is pushed, when it moves; per-member state is available on request (readers).
 *
 * <p>The aggregate is a min over active members, so it can only move when the last member at it passes it. The
 * conversation item keeps, next to each aggregate, how many members were at or below it; a member passing it takes
 * one off with a conditional write ({@link GroupReceiptsTable#passed}), and only the pass that brings the count to 0
 * reads the member list and computes the aggregate and its count again. An ack is thus one or two writes, whatever
 * the group's size, and a read of the conversation item only when it names a seq beyond what this instance stored.
 *
 * <p>The count may end up too low (a member who joined below the aggregate, a pass racing a recompute): that only
 * recomputes early. It is too high only if a call dies between moving a member's cursor and taking them off the
 * count; then the aggregate waits for a later recompute (the next leave or removal does one). Receipts are best
 * effort, like the pushes they cause: the conversation list carries the aggregates too.
 */
@ApplicationScoped
public class GroupReceipts {
    /** A recompute whose store lost a race reads again; past this many the next pass or change tries again. */
    private static final int RECOMPUTE_ATTEMPTS = 4;
    private final Memberships memberships;
    private final MembersTable members;
    private final GroupReceiptsTable receipts;
    private final ConversationLog log;
    private final UserRouter router;
    private final AfterCall afterCall;

    public GroupReceipts(Memberships memberships, MembersTable members, GroupReceiptsTable receipts,
            ConversationLog log, UserRouter router, AfterCall afterCall) {
        this.memberships = memberships;
        this.members = members;
        this.receipts = receipts;
        this.log = log;
        this.router = router;
        this.afterCall = afterCall;
    }

    /** A group member's cumulative ack: cursors only move forward; the aggregate follows after the call. */
    public AckedFrame ack(Caller caller, AckFrame frame) {
        String conversationId = frame.conversationId();
        long read = frame.read() == null ? 0 : frame.read();
        long upTo = Math.max(frame.effectiveDelivered(), read);
        // Usually this instance stored what is acked (the sends of a busy group come here too): no read of the head.
        if (upTo > log.knownHead(conversationId)) {
            State state = receipts.find(conversationId).orElseThrow(Memberships::notFound);
            if (upTo > state.lastSeq()) {
                // Membership first, so a stranger learns nothing from ACK_BEYOND_HEAD.
                memberships.require(conversationId, caller.userId());
                log.requireStored(conversationId, upTo);
            }
        }
        Member before;
        Member after;
        Optional<Member> moved = members.advanceIfBehind(conversationId, caller.userId(), upTo, frame.read());
        if (moved.isPresent()) {
            before = moved.get();
            after = new Member(before.conversationId(), before.userId(), before.role(), before.joinSeq(), upTo,
                    frame.read() == null ? before.readSeq() : read, before.leftSeq(), before.leaving());
        } else {
            before = memberships.require(conversationId, caller.userId());
            after = members.advanceCursors(before, upTo, read);
        }
        if (after.deliveredSeq() != before.deliveredSeq() || after.readSeq() != before.readSeq()) {
            Member from = before;
            Member to = after;
            afterCall.run("receipts of " + conversationId, () -> passed(conversationId, from, to));
        }
        return new AckedFrame(frame.reqId(), conversationId, after.deliveredSeq(), after.readSeq());
    }

    /**
     * A member's cursors moved (an ack, or the fan-out moving a sender's own): if they passed an aggregate and were
     * the last at it, the aggregate is computed again.
     */
    public void passed(String conversationId, Member before, Member after) {
        Optional<State> state = receipts.passed(conversationId, before.deliveredSeq(), after.deliveredSeq(),
                before.readSeq(), after.readSeq());
        if (state.isPresent() && (state.get().deliveredBehind() <= 0 || state.get().readBehind() <= 0)) {
            recompute(conversationId);
        }
    }

    /**
     * Computes the aggregate from the member list, stores it with fresh counts and, if it moved, pushes it to every
     * active member. Also for membership changes: a departing laggard lets the aggregate move.
     */
    public void recompute(String conversationId) {
        for (int attempt = 0; attempt < RECOMPUTE_ATTEMPTS; attempt++) {
            Optional<State> found = receipts.find(conversationId);
            if (found.isEmpty()) {
                return;
            }
            State seen = found.get();
            List<Member> active = members.members(conversationId).stream().filter(Member::active).toList();
            if (active.isEmpty()) {
                return;
            }
            // Never back: a member who joins below the aggregate does not undo what everyone else had.
            long d = Math.max(seen.deliveredAll(), active.stream().mapToLong(Member::deliveredSeq).min().orElse(0));
            long r = Math.max(seen.readAll(), active.stream().mapToLong(Member::readSeq).min().orElse(0));
            long dBehind = active.stream().filter(m -> m.deliveredSeq() <= d).count();
            long rBehind = active.stream().filter(m -> m.readSeq() <= r).count();
            if (receipts.store(conversationId, seen, d, r, dBehind, rBehind)) {
                if (d > seen.deliveredAll() || r > seen.readAll()) {
                    String frame = FrameCodec.encode(new GroupReceiptFrame(conversationId, d, r));
                    router.push(active.stream().map(m -> new Push(m.userId(), null, frame)).toList());
                }
                return;
            }
        }
    }

}
