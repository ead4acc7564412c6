package chat.model.frames;

/** Aggregated receipts of a group: every member has received up to {@code deliveredToAll} and read up to {@code readByAll}. */
public record GroupReceiptFrame(String conversationId, long deliveredToAll, long readByAll) implements ServerFrame {
}
