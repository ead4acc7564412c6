package chat.functions.support;

import chat.functions.threads.Pools;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Runs a batch's independent DynamoDB writes (one per conversation) side by side: done one after another, a batch of
 * ten waits for ten round trips before its pushes go out, and the fan-out falls behind at a few hundred msgs/s.
 */
@ApplicationScoped
public class ParallelWrites {
    private final ExecutorService pool;

    public ParallelWrites(Pools pools) {
        this.pool = pools.storeWrites();
    }

    /** Runs every task and returns when all are done; rethrows the first failure after all have finished. */
    public void runAll(List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<CompletableFuture<Void>> running = new ArrayList<>(tasks.size());
        tasks.forEach(t -> running.add(CompletableFuture.runAsync(t, pool)));
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
