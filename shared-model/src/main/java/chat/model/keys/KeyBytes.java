package chat.model.keys;

import chat.model.ChatException;
import chat.model.ErrorCode;
import java.util.Base64;

/**
 * The byte rules of the key directory's fields: canonical base64 (standard alphabet, padded), a public key of
 * exactly 33 bytes starting with Signal's Curve25519 type byte {@code 0x05}, a signature of exactly 64 bytes. Only
 * the shape is checked here; the signature itself is verified by the server (shared-model has no crypto).
 */
final class KeyBytes {
    static final int PUBLIC_KEY_LENGTH = 33;
    static final byte DJB_TYPE = 0x05;
    static final int SIGNATURE_LENGTH = 64;

    private KeyBytes() {
    }

    static String publicKey(String base64, String field) {
        byte[] bytes = decode(base64, field, ErrorCode.BAD_KEY);
        if (bytes.length != PUBLIC_KEY_LENGTH) {
            throw new ChatException(ErrorCode.BAD_KEY, field + " must be " + PUBLIC_KEY_LENGTH
                    + " bytes (0x05 and 32 bytes), not " + bytes.length);
        }
        if (bytes[0] != DJB_TYPE) {
            throw new ChatException(ErrorCode.BAD_KEY, field + " has an unknown key type 0x"
                    + String.format("%02x", bytes[0]) + " (a Curve25519 key starts with 0x05)");
        }
        return base64;
    }

    static String signature(String base64, String field) {
        byte[] bytes = decode(base64, field, ErrorCode.BAD_SIGNATURE);
        if (bytes.length != SIGNATURE_LENGTH) {
            throw new ChatException(ErrorCode.BAD_SIGNATURE, field + " must be " + SIGNATURE_LENGTH + " bytes, not "
                    + bytes.length);
        }
        return base64;
    }

    /** Canonical base64 of at most {@code maxBytes} bytes (not empty), e.g. a signed device list. */
    static String blob(String base64, String field, int maxBytes) {
        if (base64 == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (base64.isEmpty() || base64.length() > 4 * ((maxBytes + 2) / 3)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be 1 to " + maxBytes + " bytes");
        }
        decode(base64, field, ErrorCode.INVALID_FIELD, maxBytes);
        return base64;
    }

    /** The bytes of an already checked field. */
    static byte[] bytes(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    /** Canonical base64 only, so the bytes a client signed and the text it sent have one reading. */
    private static byte[] decode(String base64, String field, ErrorCode wrongLength) {
        return decode(base64, field, wrongLength, SIGNATURE_LENGTH);
    }

    private static byte[] decode(String base64, String field, ErrorCode wrongLength, int maxBytes) {
        if (base64 == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (base64.length() > 4 * ((maxBytes + 2) / 3)) {
            // Longer than any valid value: refused before decoding it.
            throw new ChatException(wrongLength, field + " is too long (" + base64.length() + " characters)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw notBase64(field);
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(base64)) {
            throw notBase64(field);
        }
        return bytes;
    }

    private static ChatException notBase64(String field) {
        return new ChatException(ErrorCode.INVALID_FIELD, field + " must be standard base64 with padding (RFC 4648)");
    }

    /** Signal's prekey ids are 24-bit ("Medium") numbers. */
    static int keyId(Integer keyId, String field) {
        if (keyId == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + field);
        }
        if (keyId < 0 || keyId > KeyLimits.MAX_KEY_ID) {
            throw new ChatException(ErrorCode.INVALID_FIELD, field + " must be 0 to " + KeyLimits.MAX_KEY_ID);
        }
        return keyId;
    }
}
