package chat.bench;

import chat.model.Limits;
import java.util.Base64;
import java.util.Random;

/**
 * The body of every one-to-one benchmark message ({@code --body-bytes}): that many bytes of stand-in ciphertext,
 * base64 as the protocol carries it. The default, 140, is the size of the peer (ejabberd) harness's messages, so
 * the two benchmarks move the same payload.
 */
final class BenchBody {
    static final String OPTION = "body-bytes";
    static final int DEFAULT_BYTES = 140;

    private BenchBody() {
    }

    static String of(BenchArgs args) {
        int bytes = args.integer(OPTION, DEFAULT_BYTES);
        if (bytes < 1 || bytes > Limits.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("--" + OPTION + " must be 1.." + Limits.MAX_BODY_BYTES);
        }
        return of(bytes);
    }

    static String of(int bytes) {
        byte[] ciphertext = new byte[bytes];
        new Random(bytes).nextBytes(ciphertext);
        return Base64.getEncoder().encodeToString(ciphertext);
    }
}
