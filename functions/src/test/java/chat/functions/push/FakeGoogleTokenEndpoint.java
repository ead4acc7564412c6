package chat.functions.push;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Google's OAuth 2 token endpoint for service accounts (RFC 7523 JWT bearer grant), on a local server: it checks
 * the assertion as Google does — RS256 under the account's key, issuer the account, audience Google's token URI, the
 * requested scope, at most an hour — and mints {@code minted-1}, {@code minted-2}, … The service account's JSON it
 * hands out names this endpoint as its {@code token_uri}.
 */
public final class FakeGoogleTokenEndpoint {
    static final String GOOGLE_AUDIENCE = "https://oauth2.googleapis.com/token";
    public static final String CLIENT_EMAIL = "push@chat-test.iam.gserviceaccount.com";
    private final KeyPair key;
    private final String tokenUri;
    private final List<String> minted = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile int expiresInSeconds = 3599;
    private volatile boolean refusing;

    private FakeGoogleTokenEndpoint(String baseUrl) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        tokenUri = baseUrl.replaceAll("/+$", "") + "/token";
    }

    /** Serves {@code /token} on {@code server}, whose address is {@code baseUrl}. */
    public static FakeGoogleTokenEndpoint on(HttpServer server, String baseUrl) {
        FakeGoogleTokenEndpoint endpoint = new FakeGoogleTokenEndpoint(baseUrl);
        server.createContext("/token", endpoint::handle);
        return endpoint;
    }

    /** The key file of the account, as the Firebase console downloads it. */
    public String serviceAccountJson(String projectId) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return "{\"type\":\"service_account\",\"project_id\":\"" + projectId + "\",\"private_key_id\":\"k1\","
                + "\"private_key\":\"" + pem.replace("\n", "\\n") + "\",\"client_email\":\"" + CLIENT_EMAIL + "\","
                + "\"client_id\":\"1234567890\",\"token_uri\":\"" + tokenUri + "\"}";
    }

    /** Tokens handed out, oldest first. */
    public List<String> minted() {
        return minted;
    }

    /** What was wrong with the requests, empty when they were all as Google wants them. */
    public List<String> problems() {
        return problems;
    }

    public void expiresIn(int seconds) {
        expiresInSeconds = seconds;
    }

    /** Answer as Google does for a deleted or disabled key. */
    public void refuse() {
        refusing = true;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            check(ex.getRequestMethod(), form);
            String answer;
            int status;
            if (refusing) {
                status = 400;
                answer = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}";
            } else {
                status = 200;
                String token = "minted-" + (minted.size() + 1);
                minted.add(token);
                answer = "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresInSeconds
                        + ",\"token_type\":\"Bearer\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private void check(String method, Map<String, String> form) {
        if (!"POST".equals(method)) {
            problems.add("method " + method);
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            problems.add("grant_type " + form.get("grant_type"));
        }
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new RSASSAVerifier((RSAPublicKey) key.getPublic()))) {
                problems.add("assertion not signed RS256 by the account's key");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!CLIENT_EMAIL.equals(claims.getIssuer())) {
                problems.add("iss " + claims.getIssuer());
            }
            // Google's audience whatever the URI the assertion is posted to
            if (!List.of(GOOGLE_AUDIENCE).equals(claims.getAudience())) {
                problems.add("aud " + claims.getAudience());
            }
            if (!FcmAccessTokens.SCOPE.equals(claims.getStringClaim("scope"))) {
                problems.add("scope " + claims.getStringClaim("scope"));
            }
            long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
            if (lifetime > 3_600_000) {
                problems.add("assertion lives " + lifetime + " ms");
            }
        } catch (Exception e) {
            problems.add("assertion " + e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
