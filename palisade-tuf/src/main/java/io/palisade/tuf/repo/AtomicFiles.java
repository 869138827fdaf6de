package io.palisade.tuf.repo;

import io.palisade.core.files.OwnerOnlyFiles;
import io.palisade.tuf.TufException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole-file writes that readers never see half done (temporary file in the same directory, fsync, atomic rename),
 * by the shared {@link OwnerOnlyFiles}: metadata 0644, keys 0600.
 */
final class AtomicFiles {
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    static void write(Path target, byte[] data) throws TufException {
        write(target, data, false);
    }

    static void writePrivate(Path target, byte[] data) throws TufException {
        write(target, data, true);
    }

    private static void write(Path target, byte[] data, boolean ownerOnly) throws TufException {
        try {
            if (ownerOnly) {
                OwnerOnlyFiles.writePrivate(target, data);
            } else {
                OwnerOnlyFiles.writeAtomically(target, data, PUBLIC);
            }
        } catch (IOException e) {
            throw new TufException("cannot write " + target.getFileName() + ": " + e.getMessage(), e);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover temporary file is never read
            }
        }
    }
}
