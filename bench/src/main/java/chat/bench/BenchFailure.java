package chat.bench;

/** A run that lost, duplicated or reordered something, or could not finish: the benchmark fails loudly. */
final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
        super(message);
    }
}
