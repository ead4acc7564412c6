package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonValue;

/** Group membership changes. The wire names are part of the protocol. */
public enum GroupAction {
    CREATED("created"), ADDED("added"), REMOVED("removed"), LEFT("left"), RENAMED("renamed"), PROMOTED("promoted");

    private final String wire;

    GroupAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
