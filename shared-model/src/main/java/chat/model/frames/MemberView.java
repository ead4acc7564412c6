package chat.model.frames;

/** A member as listed: role ("admin" or "member"), the seq it joined after, and its cursors. */
public record MemberView(String userId, String role, long joinSeq, long delivered, long read) {
}
