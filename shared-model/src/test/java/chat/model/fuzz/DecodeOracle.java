package chat.model.fuzz;

import chat.model.ErrorCode;
import chat.model.Text;
import chat.model.frames.ClientFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.FrameCodec.FrameException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What may come out of the frame parser and validator for any input: a valid frame that survives a round trip, or a
 * {@link FrameException} with one of the codes a parser may give, a short message and an encodable error frame.
 * Anything else — another exception, an error, a slow call — fails the fuzz test. Counts inputs and the slowest one.
 */
final class DecodeOracle {
    /** The codes a frame can be refused with before any handler runs. */
    static final Set<ErrorCode> PARSER_CODES = EnumSet.of(ErrorCode.MALFORMED_FRAME, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.MISSING_FIELD, ErrorCode.INVALID_FIELD, ErrorCode.BODY_TOO_LARGE, ErrorCode.FRAME_TOO_LARGE,
            ErrorCode.GROUP_FULL);
    /** A single decode slower than this counts as a hang (the parser's own budget is microseconds). */
    static final long SLOW_NANOS = 2_000_000_000L;

    static final AtomicLong INPUTS = new AtomicLong();
    static final AtomicLong VALID = new AtomicLong();
    static final AtomicLong SLOWEST_NANOS = new AtomicLong();

    private DecodeOracle() {
    }

    /** Decodes {@code text} and checks the outcome; returns a label for jqwik's statistics. */
    static String check(String text) {
        INPUTS.incrementAndGet();
        long started = System.nanoTime();
        String outcome;
        try {
            ClientFrame frame = FrameCodec.decodeClient(text);
            String again = FrameCodec.encode(frame);
            ClientFrame reread = FrameCodec.decodeClient(again);
            if (!reread.equals(frame)) {
                throw new AssertionError("a valid frame does not survive a round trip: " + clip(text));
            }
            VALID.incrementAndGet();
            outcome = "valid " + frame.getClass().getSimpleName();
        } catch (FrameException e) {
            if (e.code() == null || !PARSER_CODES.contains(e.code())) {
                throw new AssertionError("unexpected code " + e.code() + " for " + clip(text));
            }
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().length() > 200) {
                throw new AssertionError("bad error message '" + e.getMessage() + "' for " + clip(text));
            }
            if (e.reqId() != null && !Text.fits(e.reqId(), 1, 64)) {
                throw new AssertionError("echoed an invalid reqId for " + clip(text));
            }
            ErrorFrame error = e.toErrorFrame();
            String encoded = FrameCodec.encode(error);
            // The full round trip through the client's decoder on a sample: it costs more than the decode under test.
            if ((INPUTS.get() & 15) == 0
                    && !(FrameCodec.decodeServer(encoded) instanceof ErrorFrame back && back.equals(error))) {
                throw new AssertionError("error frame does not survive a round trip: " + error);
            }
            outcome = e.code().name();
        }
        long took = System.nanoTime() - started;
        SLOWEST_NANOS.accumulateAndGet(took, Math::max);
        if (took > SLOW_NANOS) {
            throw new AssertionError("decoding took " + took / 1_000_000 + " ms: " + clip(text));
        }
        return outcome;
    }

    static String clip(String s) {
        return s == null ? "null" : s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
