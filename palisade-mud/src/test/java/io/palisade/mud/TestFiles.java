package io.palisade.mud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Access to the test resources. */
public final class TestFiles {
    private TestFiles() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path root() {
        try {
            return Path.of(TestFiles.class.getResource("/mud").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All corpus JSON files that hold an ietf-mud:mud container, as resource names. */
    public static List<String> mudFiles() {
        Path root = root();
        try (Stream<Path> s = Files.walk(root.resolve("mud"))) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("\"ietf-mud:mud\"")
                                    && !p.getFileName().toString().endsWith("-Test.json");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
