package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatHttpApi;
import chat.client.EndToEndKeys;
import chat.client.KeysApi;
import chat.e2ee.linking.SignedDeviceList;
import chat.localstack.AwsClients;
import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import chat.system.ChatSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The signed device list through the real system: a device that the account removed gets no key again, even when the
 * server (here: the test, writing DynamoDB as a malicious operator would) lists it again with its validly signed
 * keys, and even when it serves the older list that still named it. Whether a key went to a device is read from the
 * server's own store: the head of a device inbox counts every envelope ever stored for it.
 */
@ExtendWith(SharedSystem.class)
class SignedDeviceListTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private ChatSystem system;
    private TestUsers users;
    private DynamoDbClient dynamo;
    private final List<AutoCloseable> open = new ArrayList<>();
    @TempDir
    Path stores;

    @BeforeEach
    void setUp(ChatSystem system) {
        this.system = system;
        this.users = new TestUsers(system);
        this.dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint());
        open.add(dynamo);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aRemovedDeviceGetsNoKeyWhenTheServerListsItAgainOrServesTheOlderListThatNamedIt() throws Exception {
        TestUsers.User aliceUser = users.register("alice");
        TestUsers.User bobUser = users.register("bob");
        EncryptedDevice alice = device(aliceUser.device(), "alice").start();
        EncryptedDevice laptop = device(bobUser.device(), "bob-laptop").start();
        await().atMost(TIMEOUT).until(() -> alice.published() && laptop.published());
        EncryptedDevice phone = linkPhone(bobUser, laptop);

        String first = secret("before-removal");
        alice.chat.sendText(bobUser.userId(), first).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> phone.texts.contains(first) && laptop.texts.contains(first));
        phone.stop();
        assertThat(inboxHead(phone.device)).as("the check can fail: a listed device was given the key").isPositive();

        // What a malicious server keeps to list the phone again: its device and key records, and the list naming it.
        Map<String, AttributeValue> phoneRow = item(Tables.Devices.DEF, Map.of(Tables.Devices.USER_ID,
                s(bobUser.userId()), Tables.Devices.DEVICE_ID, s(phone.device.deviceId())));
        Map<String, AttributeValue> phoneKeys = item(Tables.DeviceKeys.DEF, Map.of(Tables.DeviceKeys.USER_ID,
                s(bobUser.userId()), Tables.DeviceKeys.DEVICE_ID, s(phone.device.deviceId())));
        Map<String, AttributeValue> listNamingPhone = item(Tables.DeviceLists.DEF,
                Map.of(Tables.DeviceLists.USER_ID, s(bobUser.userId())));

        EndToEndKeys.removeDevice(new ChatHttpApi(system.api(0)), laptop.bearer(), bobUser.userId(),
                phone.device.deviceId(), laptop.store.e2ee());
        long laptopHead = inboxHead(laptop.device);
        EncryptedDevice aliceAgain = restart(alice, aliceUser, "alice");
        String second = secret("after-removal");
        aliceAgain.chat.sendText(bobUser.userId(), second).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> laptop.texts.contains(second));
        assertThat(inboxHead(laptop.device)).as("alice replaced her key after bob's phone left").isGreaterThan(
                laptopHead);

        put(Tables.Devices.DEF, phoneRow);
        put(Tables.DeviceKeys.DEF, phoneKeys);
        EncryptedDevice aliceThird = restart(aliceAgain, aliceUser, "alice");
        String third = secret("phone-listed-again");
        aliceThird.chat.sendText(bobUser.userId(), third).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> laptop.texts.contains(third));
        assertThat(inboxHead(phone.device)).as("a device the signed list does not name").isZero();

        put(Tables.DeviceLists.DEF, listNamingPhone);
        EncryptedDevice aliceFourth = restart(aliceThird, aliceUser, "alice");
        String fourth = secret("older-list-served");
        aliceFourth.chat.sendText(bobUser.userId(), fourth).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> laptop.texts.contains(fourth));
        assertThat(inboxHead(phone.device)).as("a rolled-back list is not believed").isZero();
    }

    /** Bob's second device, approved from his laptop: it holds the identity and the list names it. */
    private EncryptedDevice linkPhone(TestUsers.User bob, EncryptedDevice laptop) throws Exception {
        EncryptedDevice phone = device(users.addDevice(bob.handle(), "phone"), "bob-phone");
        var code = EndToEndKeys.linkCode(phone.store.e2ee(), phone.device.deviceId()).orElseThrow();
        phone.start();
        laptop.chat.approve(code).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> phone.store.e2ee().hasIdentity() && phone.published()
                && listNames(laptop, bob.userId(), phone.device.deviceId()));
        return phone;
    }

    private EncryptedDevice device(TestUsers.Device device, String name) {
        EncryptedDevice d = new EncryptedDevice(system, users, device, stores.resolve(name));
        open.add(d);
        return d;
    }

    private EncryptedDevice restart(EncryptedDevice running, TestUsers.User user, String name) throws Exception {
        open.remove(running);
        running.close();
        return device(user.device(), name).start();
    }

    private boolean listNames(EncryptedDevice reader, String userId, String deviceId) {
        byte[] list = new KeysApi(new ChatHttpApi(system.api(0))).identities(reader.bearer(), userId)
                .deviceListBytes();
        return list != null && SignedDeviceList.parse(list).verify(reader.store.e2ee().identityKeyPair().publicKey(),
                userId, Optional.empty()) instanceof SignedDeviceList.Check.Accepted a
                && a.list().deviceIds().contains(deviceId);
    }

    private long inboxHead(TestUsers.Device device) {
        Map<String, AttributeValue> head = item(Tables.Inbox.DEF, Map.of(Tables.Inbox.INBOX_KEY,
                s(Tables.Inbox.key(device.userId(), device.deviceId())), Tables.Inbox.SEQ, AttributeValue.fromN("0")));
        return head.isEmpty() ? 0 : Long.parseLong(head.get(Tables.Inbox.HEAD).n());
    }

    private Map<String, AttributeValue> item(TableDef table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(system.localStack().tableName(table))
                .consistentRead(true).key(key)).item();
        return item == null ? Map.of() : item;
    }

    private void put(TableDef table, Map<String, AttributeValue> item) {
        assertThat(item).isNotEmpty();
        dynamo.putItem(b -> b.tableName(system.localStack().tableName(table)).item(item));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static String secret(String what) {
        return "list-" + what + "-" + UUID.randomUUID();
    }
}
