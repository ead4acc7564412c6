package chat.cli;

import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.HistoryPageFrame;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = {"Print a page of a conversation's messages (oldest first).",
        "A page the profile's local store holds whole is printed from it, without the network: any --before page "
                + "below what the store has synced, and the latest page while a watch or chat of the profile runs."})
final class HistoryCommand implements Callable<Integer> {
    /** The server's default and largest page (docs/protocol.md, history). */
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

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
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new CliException("INVALID_FIELD", "--limit is 1-" + MAX_LIMIT + ": " + limit);
        }
        Profile p = root.store().require();
        StoredPages.Page page = stored().orElse(null);
        if (page == null) {
            HistoryPageFrame asked = root.request(p, c -> c.history(conversationId, before, limit));
            page = new StoredPages.Page(StoredPages.withStoredCopies(root.localStore(), asked.messages()),
                    asked.hasMore());
        }
        PrintWriter out = root.spec.commandLine().getOut();
        Names names = root.names(p);
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

    /** The page from the local store when it holds all of it (the latest page only while a session syncs it). */
    private Optional<StoredPages.Page> stored() {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (before != null) {
            return StoredPages.before(root.localStore(), conversationId, before, size);
        }
        return root.session != null ? StoredPages.latest(root.localStore(), conversationId, size) : Optional.empty();
    }
}
