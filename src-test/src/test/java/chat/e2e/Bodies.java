package chat.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Message bodies for tests: base64 of readable text, so a mix-up shows in assertion messages. */
final class Bodies {
    private Bodies() {
    }

    static String of(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(String body) {
        return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
}
