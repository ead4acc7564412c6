package chat.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain aligned columns. */
final class Table {
    private Table() {
    }

    /** Prints rows (the first is the header); the columns listed in {@code rightAligned} are right-aligned. */
    static void print(PrintWriter out, List<String[]> rows, int... rightAligned) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                boolean right = false;
                for (int r : rightAligned) {
                    right |= r == i;
                }
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(right ? pad + row[i] : row[i] + (i == columns - 1 ? "" : pad));
                if (i < columns - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
