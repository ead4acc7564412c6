package chat.e2ee.wire;

import java.io.ByteArrayOutputStream;

/**
 * The few protobuf (proto2) encodings Signal's messages use: unsigned varints and length-delimited bytes, written in
 * field-number order as protobuf's own encoder writes them. Hand-written on purpose: the test oracle
 * (signal-protocol-java) pins an old protobuf runtime that cannot share a class path with a current one, and the
 * format needed here is a dozen lines.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A uint32 field; proto2 presence means a 0 is written too. */
    public ProtoWriter uint32(int field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uint32 out of range: " + value);
        }
        varint((long) field << 3);
        varint(value);
        return this;
    }

    /** A uint64 field (non-negative Java longs only). */
    public ProtoWriter uint64(int field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("uint64 out of range: " + value);
        }
        varint((long) field << 3);
        varint(value);
        return this;
    }

    public ProtoWriter bytes(int field, byte[] value) {
        varint(((long) field << 3) | 2);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
