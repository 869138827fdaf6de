package io.palisade.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Files and directories only their owner can read: keys, key stores, CA material, broker configuration with
 * passwords. Content is written to a temporary file in the target's directory that is created with mode 0600
 * (never readable by others, whatever the umask), forced to disk, then moved into place, so readers never see a
 * partial file and the secret is never briefly world-readable.
 *
 * <p>On a file system without POSIX permissions (e.g. Windows, some mounts) the methods degrade to plain atomic
 * writes and plain directories; callers that must fail closed there call {@link #requirePosix(Path)} first.
 */
public final class OwnerOnlyFiles {
    /** {@code rw-------} (0600). */
    public static final Set<PosixFilePermission> FILE_MODE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    /** {@code rwx------} (0700). */
    public static final Set<PosixFilePermission> DIR_MODE = Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    private OwnerOnlyFiles() {
    }

    /** Whether the file store holding {@code path} (or its nearest existing ancestor) has POSIX permissions. */
    public static boolean supportsPosix(Path path) throws IOException {
        Path p = Objects.requireNonNull(path, "path").toAbsolutePath();
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            p = p.getParent();
        }
        if (p == null) {
            return path.getFileSystem().supportedFileAttributeViews().contains("posix");
        }
        return Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** Fails with an {@link IOException} naming {@code path} when its file system cannot restrict access to the owner. */
    public static void requirePosix(Path path) throws IOException {
        if (!supportsPosix(path)) {
            throw new IOException(path + " is on a file system without POSIX permissions; owner-only files cannot be"
                    + " guaranteed there");
        }
    }

    /** Creates {@code dir} (and missing parents) if needed and sets it to 0700; returns {@code dir}. */
    public static Path privateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (supportsPosix(dir)) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
        return dir;
    }

    /** Sets an existing file to 0600 or directory to 0700 (nothing on a non-POSIX file system). */
    public static void restrict(Path existing) throws IOException {
        if (supportsPosix(existing)) {
            Files.setPosixFilePermissions(existing,
                    Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS) ? DIR_MODE : FILE_MODE);
        }
    }

    /** Atomically replaces (or creates) {@code target} with {@code data}, mode 0600. Missing parents are created. */
    public static void writePrivate(Path target, byte[] data) throws IOException {
        writeAtomically(target, data, FILE_MODE);
    }

    /** {@link #writePrivate(Path, byte[])} of the UTF-8 encoding of {@code text}. */
    public static void writePrivate(Path target, String text) throws IOException {
        writePrivate(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates {@code target} with the UTF-8 {@code text}, mode 0600, atomically; fails with
     * {@link FileAlreadyExistsException} (leaving the existing file untouched) when it exists.
     */
    public static void createPrivate(Path target, String text) throws IOException {
        Path tmp = temporary(target, text.getBytes(StandardCharsets.UTF_8), FILE_MODE);
        try {
            try {
                Files.createLink(target, tmp); // atomic and never replaces
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                Files.move(tmp, target); // no hard links here: a plain move, which also refuses an existing target
                tmp = null;
            }
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Atomically replaces (or creates) {@code target} with {@code data} with the given POSIX {@code mode} (ignored on
     * a non-POSIX file system): temporary file in the same directory, fsync, atomic rename (plain rename where the
     * file system has no atomic one). Missing parents are created.
     */
    public static void writeAtomically(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
        Path tmp = temporary(target, data, mode);
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** A fully written and synced temporary file next to {@code target}: created 0600, then given {@code mode}. */
    private static Path temporary(Path target, byte[] data, Set<PosixFilePermission> mode) throws IOException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mode, "mode");
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = supportsPosix(dir);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attrs);
        try {
            if (posix) {
                Files.setPosixFilePermissions(tmp, mode); // exact mode, whatever the umask
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover temporary file is owner-only and never read
            }
        }
    }
}
