package io.palisade.vuln.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The CWE names bundled in {@code cwe-names.tsv} (a partial list of common weaknesses). */
final class CweNames {
    private static final Map<String, String> NAMES = load();

    private CweNames() {
    }

    static boolean known(String id) {
        return NAMES.containsKey(id);
    }

    static String name(String id) {
        return NAMES.get(id);
    }

    private static Map<String, String> load() {
        try (InputStream in = CweNames.class.getResourceAsStream("/io/palisade/vuln/validate/cwe-names.tsv")) {
            Map<String, String> m = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                m.put(f[0].strip(), f[1].strip());
            }
            return Map.copyOf(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
