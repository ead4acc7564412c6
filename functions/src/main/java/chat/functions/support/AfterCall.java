package chat.functions.support;

import chat.functions.ChatConfig;
import chat.functions.threads.InFlight;
import chat.functions.threads.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * The one way the functions run work a call causes beyond its answer: receipts to other devices, presence pushes,
 * closing a displaced connection. Normally it runs on the managed executor, so the caller's answer does not wait
 * for other devices' brokers. With {@code chat.after-call.inline} (the {@code lambda} profile) it completes before
 * the call returns: AWS Lambda freezes whatever an invocation leaves running, so background work would go out only
 * with some later invocation, or never.
 *
 * <p>Work is best effort: a failure is logged, never thrown at the caller, whose own change is already stored. On
 * shutdown, work already started is waited for (bounded) while the clients it uses are still open.
 */
@ApplicationScoped
public class AfterCall {
    private static final Logger LOG = Logger.getLogger(AfterCall.class);
    private final ManagedExecutor executor;
    private final boolean inline;
    /** Broker calls time out by themselves; this only bounds a wait on anything else that hangs. */
    private final Duration maxWait;
    private final InFlight inFlight = new InFlight();

    public AfterCall(ManagedExecutor executor, ChatConfig config) {
        this.executor = executor;
        this.inline = config.afterCall().inline();
        this.maxWait = config.fanout().callbackTimeout().plusSeconds(1);
    }

    /** Whether work completes before {@link #run} returns. */
    public boolean inline() {
        return inline;
    }

    /** Runs {@code work}; {@code what} names it in the log should it fail. */
    public void run(String what, Runnable work) {
        run(what, () -> {
            work.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Runs {@code work} and, inline, also waits for the stage it returns (e.g. broker calls it started). */
    public void run(String what, Supplier<? extends CompletionStage<?>> work) {
        if (inline) {
            await(what, start(what, work));
            return;
        }
        inFlight.begin();
        try {
            executor.execute(() -> start(what, work).whenComplete((v, e) -> inFlight.end()));
        } catch (RuntimeException e) {
            inFlight.end();
            LOG.warnf("%s not started: %s", what, e.toString());
        }
    }

    private static CompletableFuture<?> start(String what, Supplier<? extends CompletionStage<?>> work) {
        try {
            return work.get().toCompletableFuture().exceptionally(e -> {
                LOG.warnf("%s failed: %s", what, e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s failed: %s", what, e.toString());
            return CompletableFuture.completedFuture(null);
        }
    }

    private void await(String what, CompletableFuture<?> done) {
        try {
            done.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("%s unfinished after %d ms: %s", what, maxWait.toMillis(), e.toString());
        }
    }

    /** Before the beans (and their AWS and HTTP clients) go: let started work finish. */
    void drain(@Observes @Priority(ShutdownOrder.DRAIN) ShutdownEvent ignored) {
        if (!inFlight.awaitIdle(maxWait)) {
            LOG.warnf("shutting down with %d after-call task(s) unfinished", inFlight.count());
        }
    }
}
