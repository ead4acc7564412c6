package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2e.SharedSystem;
import chat.localstack.AwsClients;
import chat.model.schema.Buckets;
import chat.system.ChatSystem;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Files through the CLI against the real system and the S3-API engine: encrypted on the sender's device, uploaded in
 * parts through presigned URLs, shown to the peer with its description, downloaded and checked before it is saved.
 */
@ExtendWith(SharedSystem.class)
class CliMediaEndToEndTest {
    private static final Pattern UPLOADED = Pattern.compile("UPLOADED (att_[A-Za-z0-9_-]{22}) ");
    @TempDir
    Path profiles;
    @TempDir
    Path files;
    private ChatSystem system;
    private String alice;
    private String bob;

    @BeforeEach
    void users(ChatSystem system) {
        this.system = system;
        alice = CliRun.account(system, profiles, "alice", "cli");
        bob = CliRun.account(system, profiles, "bob", "cli");
    }

    @Test
    void aPhotoSentWithACaptionIsShownToThePeerAndDownloadedIdentical() throws Exception {
        Path photo = png(files.resolve("photo.png"), 1200, 800);
        CliRun sent = cli(alice, "send", "@" + bob, "--file", photo.toString(), "the", "view", "--wait", "0");
        assertThat(sent.exit).as(sent.err).isZero();
        assertThat(sent.out).contains("UPLOADED att_").contains("SENT ");
        String conversation = CliRun.conversationOf(sent);

        CliRun watched = cli(bob, "watch", "--count", "1", "--timeout", "30");
        assertThat(watched.out).as(watched.err).contains("[file: photo.png, ").contains("image/png, 1200x800]")
                .contains("the view");

        Path into = files.resolve("bob-downloads");
        CliRun got = cli(bob, "download", conversation, "1", "--to", into.toString());
        assertThat(got.exit).as(got.err).isZero();
        assertThat(into.resolve("photo.png")).hasSameBinaryContentAs(photo);
        CliRun again = cli(bob, "download", conversation, "1", "--to", into.toString());
        assertThat(again.exit).as(again.err).isZero();
        assertThat(into.resolve("photo (1).png")).hasSameBinaryContentAs(photo); // never overwritten
    }

    @Test
    void aFileOfSeveralPartsArrivesWholeAndTheServerStoresOnlyCiphertext() throws Exception {
        byte[] content = new byte[17 * 1024 * 1024 + 5];
        new SecureRandom().nextBytes(content);
        Path big = Files.write(files.resolve("archive.bin"), content);
        CliRun sent = cli(alice, "send", "@" + bob, "--file", big.toString(), "--wait", "0");
        assertThat(sent.exit).as(sent.err).isZero();
        assertThat(sent.out).contains("(3 parts)");

        byte[] stored;
        try (S3Client s3 = AwsClients.s3(system.localStack().s3Endpoint())) {
            stored = s3.getObjectAsBytes(b -> b.bucket(system.localStack().bucketName(Buckets.Media.DEF))
                    .key(Buckets.Media.objectKey(attachmentId(sent)))).asByteArray();
        }
        assertThat(stored.length).isGreaterThan(content.length);
        assertThat(indexOf(stored, java.util.Arrays.copyOfRange(content, 1000, 1064))).isEqualTo(-1);

        Path into = files.resolve("in");
        CliRun got = cli(bob, "download", CliRun.conversationOf(sent), "1", "--to", into.toString());
        assertThat(got.exit).as(got.err).isZero();
        assertThat(into.resolve("archive.bin")).hasSameBinaryContentAs(big);
    }

    @Test
    void aTamperedBlobIsRefusedAndNothingIsSaved() throws Exception {
        Path doc = Files.writeString(files.resolve("notes.txt"), "meet at noon\n".repeat(100));
        CliRun sent = cli(alice, "send", "@" + bob, "--file", doc.toString(), "--wait", "0");
        assertThat(sent.exit).as(sent.err).isZero();
        try (S3Client s3 = AwsClients.s3(system.localStack().s3Endpoint())) {
            String bucket = system.localStack().bucketName(Buckets.Media.DEF);
            String key = Buckets.Media.objectKey(attachmentId(sent));
            byte[] blob = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            blob[40] ^= 1; // one bit of the ciphertext, as a malicious store or a bad disk would
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(blob));
        }
        assertThat(cli(bob, "watch", "--count", "1", "--timeout", "30").exit).isZero();

        Path into = files.resolve("tampered");
        CliRun got = cli(bob, "download", CliRun.conversationOf(sent), "1", "--to", into.toString());

        assertThat(got.exit).isNotZero();
        assertThat(got.err).contains("ATTACHMENT_CORRUPT").contains("BAD_MAC");
        try (var left = Files.list(into)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMemberWhoDidNotGetTheMessageAndAMessageWithoutFileAreClearErrors() throws Exception {
        CliRun text = cli(alice, "send", "@" + bob, "just", "words", "--wait", "0");
        String conversation = CliRun.conversationOf(text);
        assertThat(cli(bob, "watch", "--count", "1", "--timeout", "30").exit).isZero();

        CliRun noFile = cli(bob, "download", conversation, "1", "--to", files.toString());
        CliRun noSuch = cli(bob, "download", conversation, "9", "--to", files.toString());
        CliRun missing = cli(alice, "send", "@" + bob, "--file", files.resolve("nope.jpg").toString());

        assertThat(noFile.err).contains("NO_ATTACHMENT");
        assertThat(noSuch.err).contains("MESSAGE_NOT_FOUND");
        assertThat(missing.err).contains("FILE_NOT_FOUND");
    }

    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }

    private static String attachmentId(CliRun sent) {
        Matcher m = UPLOADED.matcher(sent.out);
        assertThat(m.find()).as(sent.out).isTrue();
        return m.group(1);
    }

    private static Path png(Path file, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
