package chat.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The profile's device lock: an OS file lock on {@code <name>.lock}. The kernel drops it when its process dies, so a
 * crashed session never leaves it held (the lock file itself stays; deleting it would race with the next locker).
 */
final class ProfileLock implements AutoCloseable {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final FileChannel channel;
    private final FileLock lock;

    private ProfileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock if nobody holds it now (another process, or another command of this JVM, as in tests). */
    static Optional<ProfileLock> tryAcquire(Path file) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (POSIX) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            FileLock l = ch.tryLock();
            if (l != null) {
                return Optional.of(new ProfileLock(ch, l));
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM
        } catch (IOException e) {
            throw new CliException("PROFILE_LOCK", "cannot lock " + file + ": " + e.getMessage());
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        }
    }
}
