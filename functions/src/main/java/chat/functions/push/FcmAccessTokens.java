package chat.functions.push;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * FCM's OAuth 2 bearer tokens, minted from a service account's key by Google's auth library (a JWT signed with the
 * key, exchanged at the account's {@code token_uri}, RFC 7523) and minted again a few minutes before each expires: a
 * token lives an hour, the push function for days. Minting blocks; the push worker's threads call it, never an event
 * loop.
 */
final class FcmAccessTokens {
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private final GoogleCredentials credentials;
    private final Optional<String> projectId;

    private FcmAccessTokens(GoogleCredentials credentials, Optional<String> projectId) {
        this.credentials = credentials;
        this.projectId = projectId;
    }

    /** From the key file's JSON, as the Firebase console downloads it; refused with the library's reason if it is not one. */
    static FcmAccessTokens fromServiceAccountJson(String json) {
        try {
            ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
            return new FcmAccessTokens(account.createScoped(List.of(SCOPE)),
                    Optional.ofNullable(account.getProjectId()).filter(p -> !p.isBlank()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("chat.push.fcm.service-account is not a service account key's JSON: "
                    + e.getMessage(), e);
        }
    }

    /** The account's project, the default Firebase project to send through. */
    Optional<String> projectId() {
        return projectId;
    }

    /** A token valid for a few minutes at least; mints one when none is held or the held one nears its end. */
    String current() {
        try {
            credentials.refreshIfExpired();
            return credentials.getAccessToken().getTokenValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
