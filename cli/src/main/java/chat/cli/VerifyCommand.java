package chat.cli;

import chat.client.ChatApiException;
import chat.client.KeysApi;
import chat.client.store.E2eeStore;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.fingerprint.SafetyNumber;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.keys.DeviceIdentityKey;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", description = {"Show the safety number with a user: 60 digits that are the same on both"
        + " sides when nobody sits between you. Compare them in person or on a call you trust.",
        "A user's first key is trusted when first seen; if it later changes, nothing more is sent to them until the"
                + " new number is accepted with --accept."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ChatCli root;

    @Parameters(index = "0", paramLabel = "USER", description = "@handle or user id")
    String who;

    @ArgGroup(exclusive = true)
    Action action;

    static final class Action {
        @Option(names = "--mark", required = true,
                description = "the digits matched the other side's: remember this user as verified")
        boolean mark;

        @Option(names = "--accept", required = true,
                description = "accept the user's new identity key after a change (it starts unverified)")
        boolean accept;
    }

    @Override
    public Integer call() {
        Profile p = root.store().require();
        Names names = root.names(p);
        String userId = Targets.resolve(who, p, root.httpApi(), names);
        if (!Ids.USER_ID.matcher(userId).matches()) {
            throw new CliException("INVALID_FIELD", "a safety number is with a user (@handle or user id): " + who);
        }
        if (userId.equals(p.userId())) {
            throw new CliException("INVALID_FIELD", "a safety number is with someone else, not yourself");
        }
        E2eeStore keys = root.localStore().e2ee();
        if (!keys.hasIdentity()) {
            throw new CliException("NO_IDENTITY", "this device has no identity key yet: it is made when the"
                    + " account's first device logs in, and reaches other devices when one of them approves them");
        }
        IdentityCheck check = IdentityCheck.of(keys.knownIdentity(userId), served(p, userId));
        boolean mark = action != null && action.mark;
        boolean accept = action != null && action.accept;
        PrintWriter out = root.spec.commandLine().getOut();
        String handle = names.handle(userId);
        switch (check.outcome()) {
            case FIRST_SEEN -> keys.trustOnFirstUse(userId, check.shown());
            case CHANGED -> {
                if (!accept) {
                    out.println("the safety number with " + handle + " CHANGED; the new one is:");
                    out.println(number(p, keys, userId, check.shown()));
                    throw new CliException("IDENTITY_CHANGED", handle + " has a new identity key (a new phone, a"
                            + " reinstall, or someone in between): compare the new number with them, then"
                            + " `chat verify " + who + " --accept`; until then nothing is sent to the new key");
                }
                keys.acceptChangedIdentity(userId, check.shown());
                out.println("accepted " + handle + "'s new identity key");
            }
            case UNCHANGED -> {
                if (accept) {
                    out.println("nothing to accept: " + handle + "'s identity key has not changed");
                }
            }
        }
        if (mark) {
            keys.markVerified(userId, check.shown());
        }
        out.println("safety number with " + handle + ":");
        out.println(number(p, keys, userId, check.shown()));
        out.println(keys.isVerified(userId) ? "verified"
                : "not verified: compare these digits with " + handle + "'s, then `chat verify " + who + " --mark`");
        return 0;
    }

    private Set<PublicKey> served(Profile p, String userId) {
        Set<PublicKey> keys = new LinkedHashSet<>();
        List<DeviceIdentityKey> devices;
        try {
            // identities only: reading a bundle would use up one of each device's one-time prekeys
            devices = new KeysApi(root.httpApi()).identities(root.token(p), userId).devices();
        } catch (ChatApiException e) {
            if (e.code() != ErrorCode.USER_NOT_FOUND) {
                throw e;
            }
            devices = List.of(); // every device of theirs logged out: a key already trusted still stands
        }
        for (DeviceIdentityKey d : devices) {
            try {
                keys.add(PublicKey.decode(d.identityKeyBytes()));
            } catch (IllegalArgumentException e) { // not a Curve25519 key: no number can be made with it
            }
        }
        return keys;
    }

    private static String number(Profile p, E2eeStore keys, String userId, PublicKey theirs) {
        return SafetyNumber.of(p.userId(), keys.identityKeyPair().publicKey(), userId, theirs).display();
    }
}
