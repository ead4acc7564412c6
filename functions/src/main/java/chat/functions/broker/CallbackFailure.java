package chat.functions.broker;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * What a failed delivery callback says about the broker node, and so whether its connections may be forgotten.
 * Forgetting is only right when the node is certainly gone: a node that is merely slow (a GC pause, a stopped or
 * overloaded host) still holds open WebSockets, and forgetting them would leave those devices without live frames
 * until they happen to reconnect. When in doubt the batch fails and comes again: a node that is really gone stops
 * its liveness heartbeat and the dead-broker reaper removes its connections anyway.
 */
public enum CallbackFailure {
    /** The node answered with an error status: it is there, and its devices are connected. Retry. */
    REFUSED,
    /**
     * Nobody listens at the node's address: the connection was refused ({@link ConnectException}), which is what a
     * dead process gives, since the kernel answers a connect to a closed port with a reset. Forget its connections.
     */
    GONE,
    /**
     * No answer in time, or a failure that does not tell: a timed-out request ({@link HttpTimeoutException}; a
     * stopped process still has its listening socket, so the kernel completes the handshake and the request times
     * out), a connect that timed out (SYNs dropped: a full accept queue of a stalled host looks the same as a host
     * that vanished), a reset mid-request, an unreadable answer. Retry.
     */
    UNCERTAIN;

    /** Classifies the failure of {@link BrokerCallbacks#deliver}, looking through wrapping exceptions. */
    public static CallbackFailure of(Throwable failure) {
        boolean connectRefused = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BrokerCallbacks.Refused) {
                return REFUSED;
            }
            if (t instanceof HttpTimeoutException) {
                // Includes HttpConnectTimeoutException, which the JDK may give a ConnectException as its cause.
                return UNCERTAIN;
            }
            connectRefused |= t instanceof ConnectException;
        }
        return connectRefused ? GONE : UNCERTAIN;
    }
}
