package io.palisade.server.support;

import io.palisade.core.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** {@link OwnerOnlyFiles} for the server's start-up paths, where an I/O failure is fatal (unchecked). */
public final class Files2 {
    private Files2() {
    }

    public static Path privateDir(Path dir) {
        try {
            return OwnerOnlyFiles.privateDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file readable by its owner only (0600), atomically replacing any previous content. */
    public static void writePrivate(Path file, String content) {
        try {
            OwnerOnlyFiles.writePrivate(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates a new 0600 file; fails if it exists (a secret written once). */
    public static void createPrivate(Path file, String content) {
        try {
            OwnerOnlyFiles.createPrivate(file, content);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " already exists; refusing to overwrite a secret", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
