package chat.cli;

import chat.client.ChatConnection;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ConversationSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "conversations", description = "List conversations, most recently active first.")
final class ConversationsCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Override
    public Integer call() throws Exception {
        Profile p = root.store().require();
        ConversationListFrame list = root.request(p, ChatConnection::conversations);
        PrintWriter out = root.spec.commandLine().getOut();
        if (list.conversations().isEmpty()) {
            out.println("no conversations");
            return 0;
        }
        Names names = root.names(p);
        names.resolve(list.conversations().stream().map(ConversationSummary::peerUserId).toList());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONVERSATION", "PEER", "LAST SEQ", "UNREAD", "LAST ACTIVITY"});
        for (ConversationSummary s : list.conversations()) {
            rows.add(new String[] {s.conversationId(),
                    s.peerUserId() != null ? names.peer(s.peerUserId()) : group(s),
                    Long.toString(s.lastSeq()), Long.toString(s.unread()),
                    MessagePrinter.time(s.lastActivityAt())});
        }
        Table.print(out, rows, 2, 3);
        return 0;
    }

    /** A group's row names it: {@code "Book club" (group of 3)}. */
    private static String group(ConversationSummary s) {
        String name = s.name() == null ? "" : "\"" + MessagePrinter.safe(s.name()) + "\" ";
        return name + "(" + s.kind() + (s.memberCount() == null ? "" : " of " + s.memberCount())
                + (Boolean.TRUE.equals(s.left()) ? ", left" : "") + ")";
    }
}
