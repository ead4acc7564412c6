package chat.functions.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CallbackFailureTest {
    @Test
    void anAnswerWithAnErrorStatusIsARefusal() {
        assertThat(CallbackFailure.of(new CompletionException(new BrokerCallbacks.Refused(500, "{}"))))
                .isEqualTo(CallbackFailure.REFUSED);
    }

    @Test
    void aRefusedConnectionMeansTheBrokerIsGone() {
        assertThat(CallbackFailure.of(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo(CallbackFailure.GONE);
    }

    @Test
    void aRequestThatTimedOutIsUncertain() {
        assertThat(CallbackFailure.of(new CompletionException(new HttpTimeoutException("request timed out"))))
                .isEqualTo(CallbackFailure.UNCERTAIN);
    }

    @Test
    void aConnectThatTimedOutIsUncertainEvenWithAConnectExceptionAsItsCause() {
        HttpConnectTimeoutException timedOut = new HttpConnectTimeoutException("HTTP connect timed out");
        timedOut.initCause(new ConnectException("HTTP connect timed out"));

        assertThat(CallbackFailure.of(new CompletionException(timedOut))).isEqualTo(CallbackFailure.UNCERTAIN);
    }

    @Test
    void aConnectExceptionCausedByATimeoutIsUncertain() {
        ConnectException refusedOutside = new ConnectException("wrapped");
        refusedOutside.initCause(new HttpTimeoutException("request timed out"));

        assertThat(CallbackFailure.of(new CompletionException(refusedOutside))).isEqualTo(CallbackFailure.UNCERTAIN);
    }

    @Test
    void aResetMidRequestAnUnreachableHostOrAnyOtherFailureIsUncertain() {
        assertThat(CallbackFailure.of(new CompletionException(new IOException("Connection reset"))))
                .isEqualTo(CallbackFailure.UNCERTAIN);
        assertThat(CallbackFailure.of(new NoRouteToHostException("No route to host")))
                .isEqualTo(CallbackFailure.UNCERTAIN);
        assertThat(CallbackFailure.of(new IllegalStateException("unreadable answer")))
                .isEqualTo(CallbackFailure.UNCERTAIN);
    }
}
