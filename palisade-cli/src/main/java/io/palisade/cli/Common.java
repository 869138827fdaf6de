package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options and output helpers shared by the client commands. */
public final class Common {
    private Common() {
    }

    /** --data-dir: where the server keeps its data and where the CLI finds server.json and admin.token. */
    public static final class DataDir {
        @Option(names = "--data-dir", defaultValue = "${env:PALISADE_DATA_DIR:-palisade-data}", description = "data directory (default: ${DEFAULT-VALUE})")
        public Path dataDir;

        public ApiClient client() {
            return new ApiClient(dataDir.toAbsolutePath().normalize());
        }
    }

    public static final class JsonFlag {
        @Option(names = "--json", description = "machine-readable JSON output")
        public boolean json;
    }

    public static void printJson(PrintWriter out, JsonNode node) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** Prints the given fields of each object of an array as an aligned table. */
    public static void printTable(PrintWriter out, JsonNode array, String... fields) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            header[i] = fields[i].toUpperCase(java.util.Locale.ROOT);
        }
        rows.add(header);
        for (JsonNode n : array) {
            String[] r = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                JsonNode v = n.path(fields[i]);
                r[i] = v.isMissingNode() || v.isNull() ? "-" : v.isValueNode() ? v.asText() : v.toString();
            }
            rows.add(r);
        }
        int[] w = new int[fields.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
        if (array.isEmpty()) {
            out.println("(none)");
        }
        out.flush();
    }

    public static void printFields(PrintWriter out, JsonNode obj) {
        obj.fields().forEachRemaining(e -> out.printf("%-14s %s%n", e.getKey() + ":",
                e.getValue().isNull() ? "-" : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        out.flush();
    }

    public static PrintWriter out(CommandLine.Model.CommandSpec spec) {
        return spec.commandLine().getOut();
    }
}
