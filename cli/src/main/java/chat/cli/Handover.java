package chat.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs a command so that the processes of one profile never knock each other's connection out (a device has one
 * connection; a second closes the first with 4001). A one-shot command goes through the profile's live session when
 * one runs; otherwise it takes the profile lock and connects itself, after any other one-shot command of the profile
 * (they run one after another, not against each other). A live session ({@code watch}, {@code chat}) takes the lock
 * for its whole life and serves the socket; there is one per profile.
 */
final class Handover {
    /** How long a command waits for the profile's lock (another one-shot command finishing, a session starting). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 50;

    private Handover() {
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandKinds.Parsed parsed = CommandKinds.classify(args);
        if (parsed.kind() == CommandKinds.Kind.OTHER) {
            return ChatCli.execute(new ChatCli(), args, out, err);
        }
        ProfileFiles files;
        try {
            files = ProfileFiles.of(ProfileStore.forName(parsed.profile()));
        } catch (CliException e) {
            return ChatCli.execute(new ChatCli(), args, out, err); // the command reports the bad profile
        }
        if (!Files.exists(files.profile())) {
            return ChatCli.execute(new ChatCli(), args, out, err); // NOT_LOGGED_IN
        }
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        boolean told = false;
        while (true) {
            if (parsed.kind() == CommandKinds.Kind.ONE_SHOT) {
                Optional<Integer> status = SessionClient.forward(files.socket(), List.of(args), out, err);
                if (status.isPresent()) {
                    return status.get();
                }
            } else if (SessionClient.answers(files.socket())) {
                err.println(Errors.report(sessionRunning()).line());
                return 1;
            }
            Optional<ProfileLock> lock = ProfileLock.tryAcquire(files.lock());
            if (lock.isPresent()) {
                try (ProfileLock held = lock.get()) {
                    return ChatCli.execute(new ChatCli(), args, out, err);
                }
            }
            if (System.nanoTime() > deadline) {
                err.println("error: PROFILE_BUSY: another command of this profile has held its connection for "
                        + LOCK_WAIT.toSeconds() + " s (" + files.lock() + ")");
                return 1;
            }
            if (!told) {
                err.println("-- waiting for another command of this profile to finish");
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS); // polling: the lock holder may be another process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
    }

    static CliException sessionRunning() {
        return new CliException("SESSION_RUNNING", "a live session (watch or chat) of this profile is running; "
                + "one-shot commands go through it, but a profile has one live session at a time");
    }
}
