package chat.functions.presence;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.store.UsersTable.PresenceInfo;
import chat.model.frames.LastSeenPrivacy;
import chat.model.frames.PresenceView;
import org.junit.jupiter.api.Test;

/** The privacy rule applied on every read of online status and last seen. */
class PresenceReaderTest {
    private static final String OWNER = "u0000000000000001";
    private static final String READER = "u0000000000000002";
    private static final long LAST_SEEN = 1_795_841_036_982L;

    private static PresenceView read(LastSeenPrivacy privacy, boolean online, boolean contact, String reader) {
        return PresenceReader.view(reader, new PresenceInfo(OWNER, privacy, LAST_SEEN), online, contact);
    }

    @Test
    void everyoneShowsLastSeenToStrangersAndOnlineHidesLastSeen() {
        assertThat(read(LastSeenPrivacy.EVERYONE, false, false, READER))
                .isEqualTo(new PresenceView(OWNER, false, LAST_SEEN));
        assertThat(read(LastSeenPrivacy.EVERYONE, true, false, READER)).isEqualTo(new PresenceView(OWNER, true, null));
    }

    @Test
    void contactsHidesBothFieldsFromStrangersOnly() {
        assertThat(read(LastSeenPrivacy.CONTACTS, false, false, READER)).isEqualTo(new PresenceView(OWNER, null, null));
        assertThat(read(LastSeenPrivacy.CONTACTS, false, true, READER))
                .isEqualTo(new PresenceView(OWNER, false, LAST_SEEN));
    }

    @Test
    void nobodyHidesBothFieldsFromEveryoneButTheOwner() {
        assertThat(read(LastSeenPrivacy.NOBODY, true, true, READER)).isEqualTo(new PresenceView(OWNER, null, null));
        assertThat(read(LastSeenPrivacy.NOBODY, false, false, OWNER))
                .isEqualTo(new PresenceView(OWNER, false, LAST_SEEN));
    }

    @Test
    void aUserWhoNeverDisconnectedHasNoLastSeen() {
        assertThat(PresenceReader.view(READER, new PresenceInfo(OWNER, LastSeenPrivacy.EVERYONE, 0), false, true))
                .isEqualTo(new PresenceView(OWNER, false, null));
    }
}
