package chat.functions.keys;

import chat.functions.store.DeviceKeysTable;
import chat.functions.store.DeviceKeysTable.Outcome;
import chat.functions.store.DevicesTable;
import chat.functions.store.OneTimePreKeysTable;
import chat.functions.store.OneTimePreKeysTable.PreKey;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.auth.DevicePrincipal;
import chat.model.keys.KeyCounts;
import chat.model.keys.KeyLimits;
import chat.model.keys.KeySuite;
import chat.model.keys.KeyUpload;
import chat.model.keys.OneTimePreKey;
import chat.model.keys.SignedPreKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A device publishing its own public keys, reading how many one-time prekeys it has left, and its keys going when it
 * does. Without transactions, an upload checks everything it can before writing anything: the keys and signature,
 * the stored identity, the stored one-time prekey ids and the per-device limit, then the identity (a conditional write of the device's
 * record), and only then stores the one-time prekeys, each with a conditional put.
 */
@ApplicationScoped
public class KeyPublisher {
    private final DeviceKeysTable deviceKeys;
    private final OneTimePreKeysTable oneTimeKeys;
    private final DevicesTable devices;
    private final Clock clock;

    public KeyPublisher(DeviceKeysTable deviceKeys, OneTimePreKeysTable oneTimeKeys, DevicesTable devices,
            Clock clock) {
        this.deviceKeys = deviceKeys;
        this.oneTimeKeys = oneTimeKeys;
        this.devices = devices;
        this.clock = clock;
    }

    /** Publishes the caller's keys; answers its counts after the upload. */
    public KeyCounts upload(DevicePrincipal caller, KeyUpload upload) {
        if (upload.userId() != null && !upload.userId().equals(caller.userId())
                || upload.deviceId() != null && !upload.deviceId().equals(caller.deviceId())) {
            throw new ChatException(ErrorCode.FORBIDDEN, "a device publishes its own keys only");
        }
        UploadCheck.check(upload);
        String userId = caller.userId();
        String deviceId = caller.deviceId();
        // The identity first (the most basic refusal); the conditional write below still guards a concurrent one.
        deviceKeys.get(userId, deviceId).filter(r -> !Arrays.equals(r.identityKey(), upload.identityKeyBytes())
                || r.registrationId() != upload.registrationId())
                .ifPresent(r -> refuse(Outcome.IDENTITY_CHANGED));
        Set<Integer> stored = oneTimeKeys.storedIds(userId, deviceId);
        for (OneTimePreKey k : upload.oneTimePreKeys()) {
            if (stored.contains(k.keyId())) {
                throw new ChatException(ErrorCode.KEY_ID_REUSED, "one-time prekey id " + k.keyId()
                        + " is stored already");
            }
        }
        if (stored.size() + upload.oneTimePreKeys().size() > KeyLimits.MAX_ONE_TIME_STORED) {
            throw new ChatException(ErrorCode.PREKEY_LIMIT, "a device stores at most " + KeyLimits.MAX_ONE_TIME_STORED
                    + " one-time prekeys; " + stored.size() + " are stored");
        }
        long now = clock.millis();
        refuse(writeRecord(caller, upload, now));
        storeOneTimeKeys(caller, upload, now);
        if (!devices.exists(userId, deviceId)) {
            // Removed while this upload ran: its removal may have deleted its keys before these were written.
            forget(userId, deviceId);
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "device removed");
        }
        return counts(caller);
    }

    private Outcome writeRecord(DevicePrincipal caller, KeyUpload upload, long now) {
        SignedPreKey signed = upload.signedPreKey();
        if (signed == null) {
            return deviceKeys.confirmIdentity(caller.userId(), caller.deviceId(), upload.identityKeyBytes(),
                    upload.registrationId(), now);
        }
        return deviceKeys.put(new DeviceKeysTable.Record(caller.userId(), caller.deviceId(), upload.suite().wire(),
                upload.identityKeyBytes(), upload.registrationId(), signed.keyId(), signed.publicKeyBytes(),
                signed.signatureBytes()), now);
    }

    private static void refuse(Outcome outcome) {
        switch (outcome) {
            case STORED -> {
            }
            case IDENTITY_CHANGED -> throw new ChatException(ErrorCode.IDENTITY_KEY_CHANGED,
                    "this device has another identity key or registration id; a device's identity never changes"
                            + " (log in as a new device)");
            case SIGNED_PRE_KEY_ID_REUSED -> throw new ChatException(ErrorCode.KEY_ID_REUSED,
                    "signedPreKey.keyId is the current signed prekey's id with another key; a rotation needs a"
                            + " fresh id");
            case NOT_PUBLISHED -> throw new ChatException(ErrorCode.MISSING_FIELD,
                    "missing field: signedPreKey (required on a device's first upload)");
        }
    }

    /** A put that finds its id taken lost a race with a concurrent upload: this upload's keys are taken back. */
    private void storeOneTimeKeys(DevicePrincipal caller, KeyUpload upload, long now) {
        List<Integer> written = new ArrayList<>();
        for (OneTimePreKey k : upload.oneTimePreKeys()) {
            if (!oneTimeKeys.putNew(caller.userId(), caller.deviceId(),
                    new PreKey(k.keyId(), upload.suite().wire(), k.publicKeyBytes()), now)) {
                written.forEach(id -> oneTimeKeys.delete(caller.userId(), caller.deviceId(), id));
                throw new ChatException(ErrorCode.KEY_ID_REUSED, "one-time prekey id " + k.keyId()
                        + " was stored by a concurrent upload");
            }
            written.add(k.keyId());
        }
    }

    /** The caller's one-time prekeys left and its current signed prekey. */
    public KeyCounts counts(DevicePrincipal caller) {
        int left = oneTimeKeys.storedIds(caller.userId(), caller.deviceId()).size();
        return deviceKeys.get(caller.userId(), caller.deviceId())
                .map(r -> new KeyCounts(KeySuite.fromWire(r.suite()), left, r.signedPreKeyId()))
                .orElse(new KeyCounts(null, left, null));
    }

    /** Deletes every key of the device (idempotent): on its removal and on its account's deletion. */
    public void forget(String userId, String deviceId) {
        oneTimeKeys.deleteAll(userId, deviceId);
        deviceKeys.delete(userId, deviceId);
    }
}
