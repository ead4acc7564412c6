package chat.testing;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local Web Push service (RFC 8030 receiving side) for tests and benchmarks: a real HTTP server that holds
 * subscriptions with their private keys, checks each request's VAPID authorization (RFC 8292) and decrypts the
 * aes128gcm payload (RFC 8291) exactly as a browser would. A subscription can be told to answer 410 Gone.
 */
public final class WebPushReceiver implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpServer server;
    /** The server's handler threads: HttpServer.stop does not end an executor it was given, so close does. */
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "webpush-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** What a client hands to the server: endpoint, p256dh and auth (base64url), plus its private side. */
    public record Subscription(String id, String endpoint, String p256dh, String auth, KeyPair keys, byte[] authSecret,
            int[] status) {
    }

    /**
     * One push request: {@code payload} is the decrypted text (null if decryption failed), {@code vapidError} null
     * when the VAPID JWT verified against the key in the header and named this origin as audience.
     */
    public record Received(String subscriptionId, int answeredStatus, Map<String, List<String>> headers,
            String payload, String vapidError, long receivedAtMillis) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    public WebPushReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/push/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public URI origin() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A new subscription that answers 201 Created. */
    public Subscription subscribe() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            byte[] auth = new byte[16];
            RANDOM.nextBytes(auth);
            String id = UUID.randomUUID().toString();
            Subscription s = new Subscription(id, origin() + "/push/" + id, b64(raw((ECPublicKey) keys.getPublic())),
                    b64(auth), keys, auth, new int[] {201});
            subscriptions.put(id, s);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on, pushes to this subscription are answered with {@code status} (e.g. 410 Gone). */
    public void answer(Subscription s, int status) {
        s.status()[0] = status;
    }

    public List<Received> received(Subscription s) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.subscriptionId().equals(s.id())) {
                out.add(r);
            }
        }
        return out;
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange ex) throws IOException {
        long at = System.currentTimeMillis();
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = ex.getRequestURI().getPath().substring("/push/".length());
            Subscription s = subscriptions.get(id);
            if (s == null || !"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String payload;
            try {
                payload = new String(decrypt(s, body), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException | RuntimeException e) {
                payload = null;
            }
            String vapid = checkVapid(ex.getRequestHeaders().getFirst("Authorization"));
            int status = s.status()[0];
            received.add(new Received(id, status, Map.copyOf(ex.getRequestHeaders()), payload, vapid, at));
            ex.sendResponseHeaders(status, -1);
        }
    }

    /** RFC 8291 section 3.4 and RFC 8188: one record, salt | rs | idlen | keyid (the sender's public key) | data. */
    static byte[] decrypt(Subscription s, byte[] body) throws GeneralSecurityException {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        b.getInt(); // record size
        byte[] senderKey = new byte[b.get() & 0xff];
        b.get(senderKey);
        byte[] ciphertext = new byte[b.remaining()];
        b.get(ciphertext);
        ECPublicKey sender = fromRaw(senderKey, (ECPublicKey) s.keys().getPublic());
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(s.keys().getPrivate());
        ka.doPhase(sender, true);
        byte[] ecdh = ka.generateSecret();
        byte[] receiverKey = raw((ECPublicKey) s.keys().getPublic());
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), receiverKey, senderKey);
        byte[] ikm = hkdf(s.authSecret(), ecdh, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = c.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private String checkVapid(String authorization) {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            return "no vapid authorization";
        }
        String t = null;
        String k = null;
        for (String part : authorization.substring(6).split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("k=")) {
                k = p.substring(2);
            }
        }
        if (t == null || k == null) {
            return "t or k missing";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(t);
            ECPublicKey key = fromRaw(Base64.getUrlDecoder().decode(k), null);
            if (!jwt.verify(new ECDSAVerifier(key))) {
                return "bad signature";
            }
            if (!jwt.getJWTClaimsSet().getAudience().contains(origin().toString())) {
                return "audience " + jwt.getJWTClaimsSet().getAudience();
            }
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            if (exp == null || exp.before(new Date()) || exp.getTime() > System.currentTimeMillis() + 24 * 3600_000L) {
                return "exp missing or out of range";
            }
            if (jwt.getJWTClaimsSet().getSubject() == null) {
                return "sub missing";
            }
            return null;
        } catch (Exception e) {
            return "unreadable: " + e;
        }
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        put(key.getW().getAffineX(), out, 1);
        put(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int len = Math.min(32, b.length);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }

    private static ECPublicKey fromRaw(byte[] raw, ECPublicKey sameCurve) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        java.security.spec.ECParameterSpec params;
        if (sameCurve != null) {
            params = sameCurve.getParams();
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            params = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
