package chat.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Established TCP connections to a local port, as the kernel counts them ({@code /proc/net/tcp} and {@code tcp6}):
 * how the benchmark sees how many connections a broker on this machine holds without asking the broker.
 */
final class TcpSockets {
    /** State code of ESTABLISHED in /proc/net/tcp. */
    private static final String ESTABLISHED = "01";

    private TcpSockets() {
    }

    static int established(int localPort) {
        int n = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            if (Files.isReadable(Path.of(table))) {
                n += established(OpenFileLimit.read(Path.of(table)), localPort);
            }
        }
        return n;
    }

    /** Rows whose local address has port {@code localPort} and whose state is ESTABLISHED. */
    static int established(String table, int localPort) {
        String port = String.format(":%04X", localPort);
        int n = 0;
        for (String row : table.split("\n")) {
            // "  sl  local_address rem_address   st ..."; e.g. "   0: 0100007F:1F90 0100007F:A1B2 01 ..."
            String[] cells = row.trim().split("\\s+");
            if (cells.length > 3 && cells[1].endsWith(port) && ESTABLISHED.equals(cells[3])) {
                n++;
            }
        }
        return n;
    }
}
