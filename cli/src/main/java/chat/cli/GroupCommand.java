package chat.cli;

import chat.model.frames.CreateGroupFrame;
import chat.model.frames.GroupChangeFrame;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.ReaderListFrame;
import chat.model.frames.ReadersFrame;
import chat.model.frames.SentFrame;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Group management: {@code chat group create|add|remove|leave|rename|promote|members|readers}. */
@Command(name = "group", description = "Create and manage groups (send to a group with: send <groupId> TEXT).",
        subcommands = {GroupCommand.Create.class, GroupCommand.Add.class, GroupCommand.Remove.class,
                GroupCommand.Leave.class, GroupCommand.Rename.class, GroupCommand.Promote.class,
                GroupCommand.Members.class, GroupCommand.Readers.class})
final class GroupCommand {
    @ParentCommand
    ChatCli root;

    private GroupCommand() {
    }

    /** Resolves each "@handle" or user id to a user id. */
    private static List<String> userIds(GroupCommand group, Profile profile, List<String> who) {
        List<String> ids = new ArrayList<>();
        Names names = group.root.names(profile);
        for (String w : who) {
            ids.add(Targets.resolve(w, profile, group.root.httpApi(), names));
        }
        return ids;
    }

    /** Runs one group change and prints the stored event's seq. */
    private static int change(GroupCommand group, String conversationId, String action, List<String> who,
            String name) throws Exception {
        Profile profile = group.root.store().require();
        List<String> ids = who == null ? null : userIds(group, profile, who);
        String clientMsgId = UUID.randomUUID().toString(); // the same on every attempt: stored once
        SentFrame sent = group.root.request(profile, c -> c.request(new GroupChangeFrame(c.newReqId(), clientMsgId,
                conversationId, action, ids, name), SentFrame.class));
        group.root.spec.commandLine().getOut().println(action.toUpperCase() + " " + conversationId + " seq="
                + sent.seq());
        return 0;
    }

    @Command(name = "create", description = "Create a group with you as admin: group create NAME @member...")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "MEMBER", description = "@handle or user id")
        List<String> members = List.of();

        @Override
        public Integer call() throws Exception {
            Profile profile = group.root.store().require();
            List<String> ids = userIds(group, profile, members);
            String clientMsgId = UUID.randomUUID().toString(); // the same on every attempt: created once
            SentFrame sent = group.root.request(profile, c -> c.request(new CreateGroupFrame(c.newReqId(),
                    clientMsgId, name, ids), SentFrame.class));
            group.root.spec.commandLine().getOut().println("CREATED " + sent.conversationId());
            return 0;
        }
    }

    @Command(name = "add", description = "Add members (admins): group add GROUP @member...")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MEMBER")
        List<String> members;

        @Override
        public Integer call() throws Exception {
            return change(group, conversationId, "add", members, null);
        }
    }

    @Command(name = "remove", description = "Remove a member (admins): group remove GROUP @member")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Parameters(index = "1", paramLabel = "MEMBER")
        String member;

        @Override
        public Integer call() throws Exception {
            return change(group, conversationId, "remove", List.of(member), null);
        }
    }

    @Command(name = "leave", description = "Leave a group: group leave GROUP")
    static final class Leave implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Override
        public Integer call() throws Exception {
            return change(group, conversationId, "leave", null, null);
        }
    }

    @Command(name = "rename", description = "Rename a group (admins): group rename GROUP NAME")
    static final class Rename implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return change(group, conversationId, "rename", null, name);
        }
    }

    @Command(name = "promote", description = "Make members admins (admins): group promote GROUP @member...")
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MEMBER")
        List<String> members;

        @Override
        public Integer call() throws Exception {
            return change(group, conversationId, "promote", members, null);
        }
    }

    @Command(name = "members", description = "List a group's members with their cursors: group members GROUP")
    static final class Members implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Override
        public Integer call() throws Exception {
            Profile profile = group.root.store().require();
            MemberListFrame list = group.root.request(profile, c -> c.request(new MembersFrame(c.newReqId(),
                    conversationId), MemberListFrame.class));
            Names names = group.root.names(profile);
            names.resolve(list.members().stream().map(MemberView::userId).toList());
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"MEMBER", "ROLE", "DELIVERED", "READ"});
            for (MemberView m : list.members()) {
                rows.add(new String[] {names.peer(m.userId()), m.role(), Long.toString(m.delivered()),
                        Long.toString(m.read())});
            }
            Table.print(group.root.spec.commandLine().getOut(), rows, 2, 3);
            return 0;
        }
    }

    @Command(name = "readers", description = "Who received and who read a message: group readers GROUP SEQ")
    static final class Readers implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;

        @Parameters(index = "0", paramLabel = "GROUP")
        String conversationId;

        @Parameters(index = "1", paramLabel = "SEQ")
        long seq;

        @Override
        public Integer call() throws Exception {
            Profile profile = group.root.store().require();
            ReaderListFrame r = group.root.request(profile, c -> c.request(new ReadersFrame(c.newReqId(),
                    conversationId, seq), ReaderListFrame.class));
            PrintWriter out = group.root.spec.commandLine().getOut();
            Names names = group.root.names(profile);
            List<String> all = new ArrayList<>(r.deliveredTo());
            all.addAll(r.readBy());
            names.resolve(all);
            out.println("delivered to: " + String.join(", ", r.deliveredTo().stream().map(names::handle).toList()));
            out.println("read by:      " + String.join(", ", r.readBy().stream().map(names::handle).toList()));
            return 0;
        }
    }
}
