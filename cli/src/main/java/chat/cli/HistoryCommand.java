package chat.cli;

import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.HistoryPageFrame;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "Print a page of a conversation's messages (oldest first).")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Parameters(index = "0", paramLabel = "CONVERSATION")
    String conversationId;

    @Option(names = "--before", paramLabel = "SEQ", description = "only messages with a seq below this")
    Long before;

    @Option(names = "--limit", paramLabel = "N", description = "page size (1-500; default 100)")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        Ids.requireMatch(Ids.CONVERSATION_ID, conversationId, "conversation");
        Profile p = root.store().require();
        HistoryPageFrame page = root.request(p, c -> c.history(conversationId, before, limit));
        PrintWriter out = root.spec.commandLine().getOut();
        Names names = root.names(root.store(), p);
        names.resolve(page.messages().stream().flatMap(m -> MessagePrinter.people(m).stream()).toList());
        for (ChatMessage m : page.messages()) {
            out.println(MessagePrinter.format(m, names));
        }
        if (page.messages().isEmpty()) {
            out.println("no messages");
        } else if (page.hasMore()) {
            long first = page.messages().get(0).seq();
            out.println("(older messages: chat history " + conversationId + " --before " + first + ")");
        }
        return 0;
    }
}
