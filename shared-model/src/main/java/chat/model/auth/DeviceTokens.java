package chat.model.auth;

import chat.model.ChatException;
import chat.model.ErrorCode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Short-lived device tokens: HS256 JWTs with the user as subject and the device in claim {@code did}. The functions
 * issue them; brokers verify them locally with the same secret, so authenticating a connection costs no round trip.
 */
public final class DeviceTokens {
    public static final String ISSUER = "chat";
    private static final String DEVICE_CLAIM = "did";
    /** Clock skew tolerated between the issuing and the verifying tier. */
    private static final Duration SKEW = Duration.ofSeconds(5);

    private final MACSigner signer;
    private final MACVerifier verifier;

    public DeviceTokens(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("token secret must be at least 32 bytes");
        }
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token secret", e);
        }
    }

    public String issue(String userId, String deviceId, Instant now, Duration ttl) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim(DEVICE_CLAIM, deviceId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    /** Checks signature, issuer and expiry; any failure is {@link ErrorCode#UNAUTHENTICATED}. */
    public DevicePrincipal verify(String token, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw unauthenticated("token signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || exp == null) {
                throw unauthenticated("token is not a device token");
            }
            if (exp.toInstant().plus(SKEW).isBefore(now)) {
                throw unauthenticated("token expired");
            }
            return new DevicePrincipal(claims.getSubject(), claims.getStringClaim(DEVICE_CLAIM), exp.getTime());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw unauthenticated("token is malformed");
        } catch (ChatException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            throw unauthenticated("token names an invalid user or device");
        }
    }

    private static ChatException unauthenticated(String why) {
        return new ChatException(ErrorCode.UNAUTHENTICATED, why);
    }
}
