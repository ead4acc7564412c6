package chat.cli;

import chat.model.frames.MemberView;
import java.util.List;

/**
 * How far a group message got, from the member list's cursors: a group sends no per-member receipts, only
 * {@code groupReceipt} once every member passed a seq, so a sender whose members are partly offline would otherwise
 * see SENT and nothing more. Counts the members other than the sender who were members when it was sent.
 */
record GroupReach(int members, int delivered, int read) {
    static GroupReach of(List<MemberView> list, String senderUserId, long seq) {
        int members = 0;
        int delivered = 0;
        int read = 0;
        for (MemberView m : list) {
            if (m.userId().equals(senderUserId) || m.joinSeq() >= seq) {
                continue;
            }
            members++;
            delivered += m.delivered() >= seq ? 1 : 0;
            read += m.read() >= seq ? 1 : 0;
        }
        return new GroupReach(members, delivered, read);
    }

    /** {@code SENT · delivered to 3 of 7 members, read by 1; the others get it when they come online}. */
    String line() {
        if (members == 0) {
            return "SENT · no other members";
        }
        if (delivered < members) {
            return "SENT · delivered to " + delivered + " of " + members + " " + plural(members) + ", read by " + read
                    + "; the others get it when they come online";
        }
        return "DELIVERED to all " + members + " " + plural(members) + " · read by " + read + " of " + members;
    }

    private static String plural(int n) {
        return n == 1 ? "member" : "members";
    }
}
