package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Ends the answer to a sync. {@code caughtUp} true: the device now has everything. False: the answer hit its size
 * limit; send sync again with the advanced cursors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncEndFrame(String reqId, boolean caughtUp, int messages) implements ServerFrame {
}
