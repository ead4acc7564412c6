package chat.e2ee.bench;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import chat.e2ee.group.GroupCipher;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.InMemorySenderKeyStore;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.session.Address;
import chat.e2ee.session.CiphertextMessage;
import chat.e2ee.session.InMemorySignalStore;
import chat.e2ee.session.PreKeyBundle;
import chat.e2ee.session.SessionBuilder;
import chat.e2ee.session.SessionCipher;
import chat.e2ee.wire.PreKeySignalMessage;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Prints the bytes each format adds to a body, then runs {@link E2eeBenchmark} with JMH's own options. */
public final class E2eeBenchmarkMain {
    private E2eeBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        printOverheads();
        CommandLineOptions options = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(options);
        if (options.getIncludes().isEmpty()) {
            builder.include(E2eeBenchmark.class.getName());
        }
        new Runner(builder.build()).run();
    }

    private static void printOverheads() {
        SecureRandom random = new SecureRandom();
        Address bobAddress = new Address("ubob", "d1");
        InMemorySignalStore alice = new InMemorySignalStore(KeyPair.generate(random), 1);
        InMemorySignalStore bob = new InMemorySignalStore(KeyPair.generate(random), 2);
        KeyPair signedPreKey = KeyPair.generate(random);
        new SessionBuilder(alice, random).process(bobAddress, new PreKeyBundle(2, bob.identityKeyPair().publicKey(), 1,
                signedPreKey.publicKey(), Xeddsa.sign(bob.identityKeyPair().privateKey(),
                        signedPreKey.publicKey().serialize(), random), OptionalInt.of(9),
                Optional.of(KeyPair.generate(random).publicKey())));
        SessionCipher cipher = new SessionCipher(alice, random);
        InMemorySenderKeyStore keys = new InMemorySenderKeyStore();
        SenderKeyName own = new SenderKeyName("gbench", new Address("ualice", "d1"));
        new GroupSessionBuilder(keys, random).distribution(own);
        GroupCipher group = new GroupCipher(keys, random);
        System.out.println("bytes added to a body (AES-CBC pads to the next 16 bytes):");
        for (int size : new int[] {1, 16, E2eeBenchmark.BODY_BYTES, 1000}) {
            CiphertextMessage initial = cipher.encrypt(bobAddress, new byte[size]);
            byte[] groupMessage = group.encrypt(own, new byte[size]);
            int inner = PreKeySignalMessage.parse(initial.serialized()).message().serialized().length;
            System.out.printf("  body %5d B: SignalMessage +%d, PreKeySignalMessage +%d, SenderKeyMessage +%d%n",
                    size, inner - size, initial.serialized().length - size, groupMessage.length - size);
        }
    }
}
