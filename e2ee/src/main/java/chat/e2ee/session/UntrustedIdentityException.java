package chat.e2ee.session;

/** The remote device's identity key is not the one this device knows: the user must look at the safety number. */
public final class UntrustedIdentityException extends RuntimeException {
    private final Address address;

    public UntrustedIdentityException(Address address) {
        super("the identity key of " + address + " changed");
        this.address = address;
    }

    public Address address() {
        return address;
    }
}
