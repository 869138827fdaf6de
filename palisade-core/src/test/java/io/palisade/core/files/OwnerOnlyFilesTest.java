package io.palisade.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() throws IOException {
        assumeTrue(OwnerOnlyFiles.supportsPosix(tmp), "POSIX file system");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void privateDirIsCreatedAndTightened() throws IOException {
        Path dir = OwnerOnlyFiles.privateDir(tmp.resolve("a/b"));
        assertThat(dir).isDirectory();
        assertThat(mode(dir)).isEqualTo("rwx------");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyFiles.privateDir(dir);
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void writePrivateReplacesAtomicallyWithMode0600() throws IOException {
        Path f = tmp.resolve("sub/secret.key");
        OwnerOnlyFiles.writePrivate(f, "one");
        assertThat(f).hasContent("one");
        assertThat(mode(f)).isEqualTo("rw-------");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnlyFiles.writePrivate(f, "two".getBytes(StandardCharsets.UTF_8));
        assertThat(f).hasContent("two");
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThat(leftovers(f.getParent())).containsExactly("secret.key");
    }

    @Test
    void createPrivateRefusesAnExistingFile() throws IOException {
        Path f = tmp.resolve("device.pem");
        OwnerOnlyFiles.createPrivate(f, "first");
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThatThrownBy(() -> OwnerOnlyFiles.createPrivate(f, "second")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(f).hasContent("first");
        assertThat(leftovers(tmp)).containsExactly("device.pem");
    }

    @Test
    void writeAtomicallyAppliesTheGivenModeWhateverTheUmask() throws IOException {
        Path f = tmp.resolve("root.json");
        OwnerOnlyFiles.writeAtomically(f, new byte[] {1, 2}, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(mode(f)).isEqualTo("rw-r--r--");
        assertThat(Files.readAllBytes(f)).containsExactly(1, 2);
    }

    @Test
    void restrictAndRequirePosix() throws IOException {
        Path f = Files.writeString(tmp.resolve("x"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        OwnerOnlyFiles.restrict(f);
        assertThat(mode(f)).isEqualTo("rw-------");
        OwnerOnlyFiles.restrict(tmp);
        assertThat(mode(tmp)).isEqualTo("rwx------");
        OwnerOnlyFiles.requirePosix(tmp.resolve("not/yet/there"));
    }

    private static java.util.List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
