package chat.e2ee.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a proto2 message into its last value per field number (as protobuf does for repeated scalars of a singular
 * field). Unknown fields of the four wire types protobuf still uses are skipped; anything truncated, over-long or of
 * a group wire type is refused.
 */
public final class ProtoReader {
    private final Map<Integer, Long> varints = new HashMap<>();
    private final Map<Integer, byte[]> bytes = new HashMap<>();
    private final Map<Integer, List<byte[]>> repeated = new HashMap<>();

    private ProtoReader() {
    }

    public static ProtoReader parse(byte[] data) {
        ProtoReader reader = new ProtoReader();
        int[] pos = {0};
        while (pos[0] < data.length) {
            long key = varint(data, pos);
            int field = (int) (key >>> 3);
            if (field <= 0 || key >>> 3 > Integer.MAX_VALUE) {
                throw new InvalidMessageException("bad protobuf field number");
            }
            switch ((int) (key & 7)) {
                case 0 -> reader.varints.put(field, varint(data, pos));
                case 1 -> skip(data, pos, 8);
                case 2 -> {
                    long length = varint(data, pos);
                    if (length > data.length - pos[0]) {
                        throw new InvalidMessageException("truncated protobuf field " + field);
                    }
                    byte[] value = Arrays.copyOfRange(data, pos[0], pos[0] + (int) length);
                    reader.bytes.put(field, value);
                    reader.repeated.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
                    pos[0] += (int) length;
                }
                case 5 -> skip(data, pos, 4);
                default -> throw new InvalidMessageException("unsupported protobuf wire type " + (key & 7));
            }
        }
        return reader;
    }

    public boolean has(int field) {
        return varints.containsKey(field) || bytes.containsKey(field);
    }

    /** The field as a uint32, or {@code missing} when absent. */
    public long uint32(int field, long missing) {
        Long value = varints.get(field);
        if (value == null) {
            return missing;
        }
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new InvalidMessageException("field " + field + " is not a uint32");
        }
        return value;
    }

    /** The field as bytes, or null when absent. */
    public byte[] bytes(int field) {
        return bytes.get(field);
    }

    /** The field as a non-negative uint64, or {@code missing} when absent. */
    public long uint64(int field, long missing) {
        Long value = varints.get(field);
        if (value == null) {
            return missing;
        }
        if (value < 0) {
            throw new InvalidMessageException("field " + field + " is out of range");
        }
        return value;
    }

    /** Every occurrence of a length-delimited field, in order (a repeated field). */
    public List<byte[]> repeatedBytes(int field) {
        return repeated.getOrDefault(field, List.of());
    }

    /** The field as a signed int that was written as its unsigned 32-bit value, or {@code missing}. */
    public int int32(int field, int missing) {
        return has(field) ? (int) uint32(field, 0) : missing;
    }

    private static long varint(byte[] data, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= data.length) {
                throw new InvalidMessageException("truncated protobuf varint");
            }
            byte b = data[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new InvalidMessageException("protobuf varint longer than 10 bytes");
    }

    private static void skip(byte[] data, int[] pos, int n) {
        if (data.length - pos[0] < n) {
            throw new InvalidMessageException("truncated protobuf field");
        }
        pos[0] += n;
    }
}
