package chat.model.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.auth.DeviceCredential;
import chat.model.auth.DeviceTokens;
import chat.model.frames.FrameCodec;
import chat.model.frames.FrameCodec.FrameException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the frame parser and validator ({@code FrameCodec.decodeClient} and the frame records) with over a million
 * inputs per run, and the credential and token parsers with a hundred thousand: nothing may crash, hang or answer
 * with anything but a valid frame or a stable, well-formed error ({@link DecodeOracle}). Seeds are random per run;
 * jqwik prints the seed of a failure to replay it.
 */
class FrameCodecFuzzTest {
    private static final String SECRET = "fuzz-secret-fuzz-secret-fuzz-secret!";
    private static final DeviceTokens TOKENS = new DeviceTokens(SECRET);
    private static final AtomicLong AUTH_INPUTS = new AtomicLong();
    private static long started;

    @BeforeContainer
    static void start() {
        started = System.nanoTime();
    }

    @AfterContainer
    static void report() {
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("frame fuzzing: %,d inputs (%,d valid frames), %,d credential/token inputs, %.1f s, "
                + "slowest decode %.2f ms%n", DecodeOracle.INPUTS.get(), DecodeOracle.VALID.get(), AUTH_INPUTS.get(),
                millis / 1000.0, DecodeOracle.SLOWEST_NANOS.get() / 1e6);
        assertThat(DecodeOracle.INPUTS.get()).as("frame inputs run").isGreaterThanOrEqualTo(1_000_000);
    }

    @Example
    void everySeedFrameIsValid() {
        for (String frame : FrameInputs.VALID) {
            assertThat(DecodeOracle.check(frame)).as(frame).startsWith("valid");
        }
    }

    @Property(tries = 50_000, generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN,
            shrinking = ShrinkingMode.BOUNDED)
    void anyTextIsAFrameOrAStableError(@ForAll("anyText") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 150_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void randomUnicodeIsAFrameOrAStableError(@ForAll("seededText") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 150_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void randomBytesAreAFrameOrAStableError(@ForAll("decodedBytes") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 150_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void jsonTokenSoupIsAFrameOrAStableError(@ForAll("tokenSoup") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 250_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void framesWithRightAndWrongFieldValuesAreAFrameOrAStableError(@ForAll("structuredFrames") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 250_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void mutatedValidFramesAreAFrameOrAStableError(@ForAll("mutatedFrames") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 50_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void aFieldOfTheWrongJsonTypeIsAnInvalidFieldNamingIt(@ForAll("wrongTypes") Map.Entry<String, String> input) {
        String field = input.getValue();
        assertThat(DecodeOracle.check(input.getKey())).as(input.getKey()).isEqualTo("INVALID_FIELD");
        FrameException e = catchThrowableOfType(() -> FrameCodec.decodeClient(input.getKey()), FrameException.class);
        assertThat(e.getMessage()).as(input.getKey()).startsWith("wrong type for field \"" + field);
        if ("reqId".equals(field)) {
            assertThat(e.reqId()).as("a reqId of the wrong type is not echoed").isNull();
        }
        Statistics.collect(field);
    }

    @Property(tries = 20_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack(@ForAll("deepNesting") String text) {
        Statistics.collect(DecodeOracle.check(text));
    }

    @Property(tries = 50_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void anyCredentialTextIsRefusedAsUnauthenticatedOrParsed(@ForAll("credentials") String text) {
        AUTH_INPUTS.incrementAndGet();
        try {
            DeviceCredential c = DeviceCredential.parse(text);
            assertThat(DeviceCredential.parse(c.encode())).isEqualTo(c);
        } catch (ChatException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    @Property(tries = 50_000, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void anyTokenTextIsRefusedAsUnauthenticated(@ForAll("tokens") String text) {
        AUTH_INPUTS.incrementAndGet();
        try {
            TOKENS.verify(text, Instant.now());
            throw new AssertionError("a token nobody issued was accepted: " + text);
        } catch (ChatException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return FrameInputs.anyText();
    }

    @Provide
    Arbitrary<String> seededText() {
        return FrameInputs.seededText();
    }

    @Provide
    Arbitrary<String> decodedBytes() {
        return FrameInputs.decodedBytes();
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return FrameInputs.tokenSoup();
    }

    @Provide
    Arbitrary<String> structuredFrames() {
        return FrameInputs.structuredFrames();
    }

    @Provide
    Arbitrary<String> mutatedFrames() {
        return FrameInputs.mutatedFrames();
    }

    @Provide
    Arbitrary<Map.Entry<String, String>> wrongTypes() {
        return FrameInputs.wrongTypes();
    }

    @Provide
    Arbitrary<String> deepNesting() {
        return FrameInputs.deepNesting();
    }

    /** Credential-shaped text: the prefix and dots, with random or almost-right parts. */
    @Provide
    Arbitrary<String> credentials() {
        Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.of(FrameInputs.USER, "d0123456789abcdef", "x".repeat(43), "", "."));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
                net.jqwik.api.Combinators.combine(part, part, part).as((a, b, c) -> "dc1." + a + "." + b + "." + c));
    }

    /** Token-shaped text: three base64url parts, from random to a real token with one part altered. */
    @Provide
    Arbitrary<String> tokens() {
        String real = TOKENS.issue(FrameInputs.USER, "d0123456789abcdef", Instant.now(), Duration.ofMinutes(5));
        String[] parts = real.split("\\.");
        Arbitrary<String> b64 = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                + "0123456789-_=").ofMaxLength(120);
        String expired = TOKENS.issue(FrameInputs.USER, "d0123456789abcdef", Instant.now().minusSeconds(3600),
                Duration.ofMinutes(5));
        String forged = new DeviceTokens("another-secret-another-secret-another")
                .issue(FrameInputs.USER, "d0123456789abcdef", Instant.now(), Duration.ofMinutes(5));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
                net.jqwik.api.Combinators.combine(b64, b64, b64).as((a, b, c) -> a + "." + b + "." + c),
                b64.map(x -> parts[0] + "." + x + "." + parts[2]),
                b64.map(x -> parts[0] + "." + parts[1] + "." + x),
                b64.map(x -> "eyJhbGciOiJub25lIn0." + parts[1] + "." + x), // alg "none"
                Arbitraries.of(expired, forged, parts[0] + "." + parts[1] + ".", real.replace('.', '!')));
    }
}
