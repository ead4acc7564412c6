package chat.e2ee.session;

/** One device of one user: sessions are pairwise between devices. */
public record Address(String userId, String deviceId) {
    public Address {
        if (userId == null || userId.isEmpty() || deviceId == null || deviceId.isEmpty()) {
            throw new IllegalArgumentException("an address names a user and a device");
        }
    }

    @Override
    public String toString() {
        return userId + "." + deviceId;
    }
}
