package chat.model.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.AsyncApiDocument.Message;
import chat.model.frames.FrameCodec.FrameException;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code docs/asyncapi.yaml} is the WebSocket protocol the code speaks: one message per frame type of
 * {@link ClientFrame} and {@link ServerFrame}, examples the codec accepts, and schemas that the frames the code
 * encodes satisfy and that refuse what the decoder refuses.
 */
class AsyncApiDocumentTest {
    private static final AsyncApiDocument DOC = AsyncApiDocument.load();
    private static final String ALICE = "u3k9x0q1m2n4p5r6s";
    private static final String ALICE_LAPTOP = "d7h2k4m6n8p0q2r4t";
    private static final String BOB = "u8b0b2c4d6e8f0g2h";
    private static final String BOB_PHONE = "d1p2h3o4n5e6a7b8c";
    private static final String CAROL = "u9c4r0l5m3n8p2q6w";
    private static final String DM = "dm." + ALICE + "." + BOB;
    private static final String GROUP = "g4kq7m2n9p3r5s8t1";
    private static final long T = 1795841037429L;

    @Test
    void theSendOperationHasAMessageForEveryClientFrameTypeAndNoOther() {
        assertThat(DOC.messages("send").keySet())
                .containsExactlyInAnyOrderElementsOf(wireNames(ClientFrame.class).keySet());
        assertThat(DOC.root().at("/operations/send/action").asText()).isEqualTo("send");
    }

    @Test
    void theReceiveOperationHasAMessageForEveryServerFrameTypeAndNoOther() {
        assertThat(DOC.messages("receive").keySet())
                .containsExactlyInAnyOrderElementsOf(wireNames(ServerFrame.class).keySet());
        assertThat(DOC.root().at("/operations/receive/action").asText()).isEqualTo("receive");
    }

    @Test
    void theChannelCarriesExactlyTheMessagesOfTheTwoOperations() {
        List<String> channel = new ArrayList<>();
        DOC.root().at("/channels/ws/messages").fieldNames().forEachRemaining(channel::add);
        List<String> operations = new ArrayList<>();
        for (String op : List.of("send", "receive")) {
            DOC.root().at("/operations/" + op + "/messages").forEach(ref -> operations.add(ref.path("$ref").asText()
                    .replace("#/channels/ws/messages/", "")));
        }
        assertThat(channel).containsExactlyInAnyOrderElementsOf(operations);
    }

    @Test
    void everyMessagesPayloadIsTheSchemaNamedAfterItsRecordAndPinsItsType() {
        for (String op : List.of("send", "receive")) {
            Map<String, Class<?>> records = wireNames(op.equals("send") ? ClientFrame.class : ServerFrame.class);
            DOC.messages(op).forEach((name, m) -> {
                assertThat(m.payloadPointer()).as(name)
                        .isEqualTo("/components/schemas/" + records.get(name).getSimpleName());
                JsonNode payload = DOC.root().at(m.payloadPointer());
                assertThat(payload.at("/properties/type/const").asText()).as(name).isEqualTo(name);
                assertThat(payload.path("required").toString()).as(name).contains("\"type\"");
                // Unknown fields are ignored (protocol.md "Frames"), so a payload must not close itself.
                assertThat(payload.path("additionalProperties").asBoolean(true)).as(name).isTrue();
                assertThat(m.node().path("summary").asText()).as(name).isNotBlank();
            });
        }
    }

    @Test
    void theErrorCodeEnumIsExactlyTheCodesOfErrorCode() {
        List<String> documented = new ArrayList<>();
        DOC.root().at("/components/schemas/ErrorCode/enum").forEach(c -> documented.add(c.asText()));
        assertThat(documented).containsExactlyInAnyOrder(Arrays.stream(ErrorCode.values()).map(Enum::name)
                .toArray(String[]::new));
        assertThat(DOC.root().at("/components/schemas/ErrorFrame/properties/code/$ref").asText())
                .isEqualTo("#/components/schemas/ErrorCode");
    }

    @Test
    void everyExampleValidatesAgainstItsMessagesPayloadSchema() {
        int examples = 0;
        for (String op : List.of("send", "receive")) {
            for (Message m : DOC.messages(op).values()) {
                assertThat(m.examplePayloads()).as(m.key() + " has an example").isNotEmpty();
                for (JsonNode example : m.examplePayloads()) {
                    assertThat(DOC.violations(m, example)).as(m.key() + " " + example).isEmpty();
                    examples++;
                }
            }
        }
        assertThat(examples)
                .isGreaterThanOrEqualTo(wireNames(ClientFrame.class).size() + wireNames(ServerFrame.class).size());
    }

    @Test
    void everyClientExampleIsAFrameTheDecoderAcceptsAsItsRecord() {
        Map<String, Class<?>> records = wireNames(ClientFrame.class);
        DOC.messages("send").forEach((name, m) -> m.examplePayloads().forEach(example ->
                assertThat(FrameCodec.decodeClient(example.toString())).as(example.toString())
                        .isInstanceOf(records.get(name))));
    }

    @Test
    void everyServerExampleIsAFrameTheCodecReadsAsItsRecord() {
        Map<String, Class<?>> records = wireNames(ServerFrame.class);
        DOC.messages("receive").forEach((name, m) -> m.examplePayloads().forEach(example ->
                assertThat(FrameCodec.decodeServer(example.toString())).as(example.toString())
                        .isInstanceOf(records.get(name))));
    }

    @Test
    void everyServerFrameTheCodecEncodesValidatesAgainstItsSchema() {
        assertEncodedFramesValidate("receive", serverFrames().stream().map(FrameCodec::encode).toList(),
                ServerFrame.class);
    }

    @Test
    void everyClientFrameTheCodecEncodesValidatesAgainstItsSchema() {
        // What the SDK sends: the records' own encoding, with absent fields left out rather than null.
        assertEncodedFramesValidate("send", clientFrames().stream().map(FrameCodec::encode).toList(),
                ClientFrame.class);
    }

    /** Frames with a wrong JSON type or out of a stated range: the schema and the decoder both refuse them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{'type':'sync','reqId':'s1','limit':'2'}",
        "{'type':'sync','limit':501}",
        "{'type':'sync','cursors':{'" + DM + "':'40'}}",
        "{'type':'sync','cursors':{'dm.nobody':40}}",
        "{'type':'send','peer':'@bob','clientMsgId':'m1','body':12}",
        "{'type':'send','peer':'@bob','clientMsgId':12345,'body':'aGk='}",
        "{'type':'send','peer':'@bob','clientMsgId':'m1','body':'aGk'}",
        "{'type':'send','peer':'@bob','clientMsgId':'m1','body':'aGl='}",
        "{'type':'send','peer':'@bob','clientMsgId':'m1','body':'aGk-'}",
        "{'type':'send','peer':'@bob','conversationId':'" + DM + "','clientMsgId':'m1','body':'aGk='}",
        "{'type':'send','clientMsgId':'m1','body':'aGk='}",
        "{'type':'ack','conversationId':'" + DM + "','read':'1'}",
        "{'type':'ack','conversationId':'" + DM + "'}",
        "{'type':'ack','conversationId':'" + DM + "','delivered':-1}",
        "{'type':'typing','conversationId':'" + DM + "','typing':1}",
        "{'type':'conversations','reqId':7}",
        "{'type':'conversations','reqId':''}",
        "{'type':'history','conversationId':'" + GROUP + "','beforeSeq':0}",
        "{'type':'subscribePresence','userIds':[]}",
        "{'type':'subscribePresence','userIds':['" + BOB + "','" + BOB + "']}",
        "{'type':'setPrivacy','lastSeen':'friends'}",
        "{'type':'registerPush','kind':'fcm'}",
        "{'type':'registerPush','kind':'apns','token':'not a token'}",
        "{'type':'registerPush','kind':'webpush','endpoint':'ftp://push.example','p256dh':'BAEC','auth':'ZGVm'}",
        "{'type':'createGroup','clientMsgId':'c1','name':'   ','userIds':[]}",
        "{'type':'groupChange','clientMsgId':'c2','conversationId':'" + GROUP + "','action':'remove','userIds':['"
                + BOB + "','" + CAROL + "']}",
        "{'type':'groupChange','clientMsgId':'c2','conversationId':'" + GROUP + "','action':'add','userIds':[]}",
        "{'type':'groupChange','clientMsgId':'c2','conversationId':'" + GROUP + "','action':'rename'}",
        "{'type':'sendEnvelopes','envelopes':[{'userId':'" + BOB + "','deviceId':'" + BOB_PHONE + "','envelopeId':'e1',"
                + "'suite':'signal-v5','kind':'prekey','body':'aGk='}]}",
        "{'type':'inboxSync','after':-1}",
        "{'type':'inboxAck','upTo':'13'}",
    })
    void aFrameTheDecoderRefusesFailsItsSchema(String quoted) {
        String frame = quoted.replace('\'', '"');
        Message m = DOC.messages("send").get(AsyncApiDocument.json(frame).path("type").asText());

        assertThat(DOC.violations(m, AsyncApiDocument.json(frame))).as(frame).isNotEmpty();
        assertThatThrownBy(() -> FrameCodec.decodeClient(frame)).as(frame).isInstanceOf(FrameException.class);
    }

    @Test
    void aWholeNumberWithAFractionIsRefusedThoughJsonSchemaCountsItAnInteger() {
        // JSON Schema's "integer" is any number whose value is whole, so no schema can refuse 2.0; the document's
        // description says so in words, and this pins both halves of that sentence.
        String frame = "{\"type\":\"sync\",\"limit\":2.0}";

        assertThat(DOC.violations(DOC.messages("send").get("sync"), AsyncApiDocument.json(frame))).isEmpty();
        assertThat(WrongTypeTest.refusal(frame).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(DOC.root().at("/info/description").asText()).contains("`2.0`");
    }

    @Test
    void theServerAndChannelAreTheLocalBrokerEndpointProtocolMdNames() throws IOException {
        JsonNode server = DOC.root().at("/servers/local");
        String url = server.path("protocol").asText() + "://" + server.path("host").asText()
                + DOC.root().at("/channels/ws/address").asText();
        Matcher endpoint = Pattern.compile("\\| WebSocket \\(broker\\) \\| `([^`]+)`").matcher(protocolMd());
        assertThat(endpoint.find()).isTrue();
        assertThat(url).isEqualTo(endpoint.group(1));

        Properties broker = new Properties();
        try (var in = Files.newInputStream(Path.of("..", "connection-broker", "src", "main", "resources",
                "application.properties"))) {
            broker.load(in);
        }
        assertThat(server.path("host").asText()).endsWith(":" + broker.getProperty("quarkus.http.port"));
    }

    @Test
    void everyFrameTypeOfProtocolMdsTablesHasItsMessage() throws IOException {
        String md = protocolMd();
        assertThat(DOC.messages("send").keySet()).containsAll(tableTypes(md, "#### Client → server"));
        assertThat(DOC.messages("receive").keySet()).containsAll(tableTypes(md, "#### Server → client, unsolicited"));
        assertThat(tableTypes(md, "#### Client → server")).hasSize(wireNames(ClientFrame.class).size());
    }

    @Test
    void theUpgradeTakesABearerTokenInTheHeaderOrTheAccessTokenQueryParameter() {
        JsonNode schemes = DOC.root().at("/components/securitySchemes");
        assertThat(schemes.at("/bearer/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/accessToken/in").asText()).isEqualTo("query");
        assertThat(schemes.at("/accessToken/name").asText()).isEqualTo("access_token");
        assertThat(DOC.root().at("/servers/local/security").toString())
                .contains("#/components/securitySchemes/bearer", "#/components/securitySchemes/accessToken");
    }

    private static void assertEncodedFramesValidate(String operation, List<String> encoded, Class<?> base) {
        Map<String, Message> messages = DOC.messages(operation);
        Set<String> types = new TreeSet<>();
        for (String text : encoded) {
            JsonNode frame = AsyncApiDocument.json(text);
            String type = frame.path("type").asText();
            types.add(type);
            assertThat(DOC.violations(messages.get(type), frame)).as(text).isEmpty();
        }
        assertThat(types).as("a frame of every type").isEqualTo(new TreeSet<>(wireNames(base).keySet()));
    }

    /** Wire type name → record, as the codec's {@code @JsonSubTypes} maps them. */
    private static Map<String, Class<?>> wireNames(Class<?> base) {
        return Arrays.stream(base.getAnnotation(JsonSubTypes.class).value()).collect(Collectors.toMap(
                JsonSubTypes.Type::name, JsonSubTypes.Type::value, (a, b) -> a, LinkedHashMap::new));
    }

    /** The backquoted types in the first column of the table under {@code heading}. */
    private static List<String> tableTypes(String md, String heading) {
        String section = md.substring(md.indexOf(heading));
        section = section.substring(0, section.indexOf("\n#", heading.length()));
        List<String> types = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\|").matcher(section);
        while (row.find()) {
            types.add(row.group(1));
        }
        assertThat(types).as(heading).isNotEmpty();
        return types;
    }

    private static String protocolMd() throws IOException {
        return Files.readString(Path.of("..", "docs", "protocol.md"));
    }

    private static List<ClientFrame> clientFrames() {
        OutgoingEnvelope envelope = new OutgoingEnvelope(BOB, BOB_PHONE, "skd-7f3a", EnvelopeSuite.SIGNAL_V4,
                EnvelopeKind.PLAIN, "MwgBEiEFqhB3");
        return List.of(
                new SendFrame("r1", null, "@bob", "6f1c0b9e", "aGVsbG8="),
                new SendFrame(null, GROUP, null, "6f1c0b9f", "aGk="),
                new AckFrame("k1", DM, null, 12L),
                new SyncFrame("s1", Map.of(DM, 40L, GROUP, 0L), 500),
                new HistoryFrame(null, GROUP, 41L, null),
                new ListConversationsFrame("c1"),
                new CreateGroupFrame("r1", "c1", "Book club", List.of(BOB, CAROL)),
                new GroupChangeFrame("r2", "c2", GROUP, "remove", List.of(CAROL), null),
                new GroupChangeFrame("r3", "c3", GROUP, "leave", null, null),
                new MembersFrame("r3", GROUP),
                new ReadersFrame("r4", GROUP, 12L),
                new SubscribePresenceFrame("p1", List.of(BOB, CAROL)),
                new SetPrivacyFrame("s1", LastSeenPrivacy.NOBODY),
                new TypingFrame(null, DM, false),
                new RegisterPushFrame("n2", PushKind.FCM, null, null, null, "fGx3:APA91bH-k2c_Qe9"),
                new SendEnvelopesFrame("e1", List.of(envelope)),
                new InboxSyncFrame("i1", null, null),
                new InboxAckFrame("i2", 0L));
    }

    private static List<ServerFrame> serverFrames() {
        ChatMessage text = new ChatMessage(DM, 7, ALICE, ALICE_LAPTOP, "6f1c0b9e", "aGVsbG8=", T);
        ChatMessage created = new ChatMessage(GROUP, 1, ALICE, ALICE_LAPTOP, "c1", null, T,
                new GroupEvent(GroupAction.CREATED, ALICE, List.of(ALICE, BOB), "Book club"));
        ChatMessage renamed = new ChatMessage(GROUP, 3, BOB, BOB_PHONE, "c3", null, T,
                new GroupEvent(GroupAction.RENAMED, BOB, null, "Book club 📚"));
        Envelope envelope = new Envelope(12, ALICE, ALICE_LAPTOP, "skd-7f3a", EnvelopeSuite.SIGNAL_V3,
                EnvelopeKind.PREKEY, "MwgBEiEFqhB3", T);
        OutgoingEnvelope toPhone = new OutgoingEnvelope(BOB, BOB_PHONE, "skd-7f3a", EnvelopeSuite.SIGNAL_V3,
                EnvelopeKind.WHISPER, "MwgCGiEFuw==");
        return List.of(
                new HelloFrame(ALICE, ALICE_LAPTOP, "51d8c3e2-9a4f-4b7e-8d21-6f0a3c5e7b19", T, 20),
                new SentFrame("r1", DM, "6f1c0b9e", 1, T, false),
                new SentFrame(null, GROUP, "c1", 1, T, true),
                new MessageFrame(text),
                new MessageFrame(created),
                new AckedFrame("k1", DM, 12, 12),
                new ReceiptFrame(DM, BOB, 7, 6),
                new SyncPageFrame("s1", GROUP, List.of(created, renamed)),
                new SyncEndFrame("s1", false, Limits.MAX_SYNC_MESSAGES),
                new HistoryPageFrame(null, DM, List.of(), false),
                new ConversationListFrame("c1", List.of(
                        new ConversationSummary(DM, "direct", BOB, 3, T, 1, 2, 2, 3L, 3L, null, null, null, null, null),
                        new ConversationSummary(GROUP, "group", null, 12, T, 0, 12, 12, null, null, "Book club", 3,
                                12L, 11L, Boolean.TRUE))),
                ErrorFrame.of("r9", ErrorCode.CONVERSATION_NOT_FOUND, "no such conversation"),
                ErrorFrame.rateLimited("r9", "too many frames", 50),
                ErrorFrame.unavailable(null, "overloaded", 500),
                // A refusal as the broker sends it: built from the decoder's exception, without the unreadable reqId.
                WrongTypeTest.refusal("{\"type\":\"sync\",\"reqId\":7}").toErrorFrame(),
                new GroupReceiptFrame(GROUP, 12, 11),
                new MemberListFrame("r3", GROUP, List.of(new MemberView(ALICE, "admin", 0, 12, 12),
                        new MemberView(CAROL, "member", 2, 12, 11))),
                new ReaderListFrame("r4", GROUP, 12, List.of(ALICE, BOB), List.of(ALICE)),
                new PresenceListFrame("p1", List.of(new PresenceView(BOB, true, null),
                        new PresenceView(CAROL, false, T), new PresenceView(ALICE, null, null))),
                PresenceFrame.of(new PresenceView(BOB, false, T)),
                new PrivacyFrame("s1", LastSeenPrivacy.CONTACTS),
                new TypingNoticeFrame(DM, ALICE, true, Limits.TYPING_EXPIRES_MS),
                new PushRegisteredFrame("n1", PushKind.WEBPUSH),
                new EnvelopesSentFrame("e1", List.of(EnvelopeResult.stored(toPhone, 12, false),
                        EnvelopeResult.stored(toPhone, 12, true),
                        EnvelopeResult.refused(toPhone, ErrorCode.INBOX_FULL, "inbox full"),
                        EnvelopeResult.refused(toPhone, ErrorCode.SEND_IN_PROGRESS, "being stored"))),
                new EnvelopesSentFrame(null, List.of()),
                new EnvelopeFrame(envelope),
                new InboxPageFrame("i1", List.of(envelope), true),
                new InboxPageFrame(null, List.of(), false),
                new InboxAckedFrame(null, 13));
    }
}
