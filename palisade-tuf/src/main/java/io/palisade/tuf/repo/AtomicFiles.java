package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Whole-file writes that readers never see half done: temporary file in the same directory, fsync, atomic rename. */
final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    static void write(Path target, byte[] data) throws TufException {
        write(target, data, false);
    }

    static void writePrivate(Path target, byte[] data) throws TufException {
        write(target, data, true);
    }

    private static void write(Path target, byte[] data, boolean ownerOnly) throws TufException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            FileAttribute<?>[] attrs = !POSIX ? new FileAttribute<?>[0] : new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(ownerOnly
                            ? Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                            : PosixFilePermissions.fromString("rw-r--r--"))};
            tmp = Files.createTempFile(dir, ".tmp-", ".part", attrs);
            if (POSIX && !ownerOnly) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // umask-proof
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            move(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new TufException("cannot write " + target.getFileName() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
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
