package io.palisade.server.update;

import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the files of the update repository (TUF metadata and targets) with HTTP Range support, so a device can
 * resume a broken image download (RFC 9110 section 14: one range, {@code bytes=N-} or {@code bytes=N-M}).
 * Paths are confined to the repository directory: every segment is checked and the resolved path must stay inside.
 */
final class RepositoryFiles {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

    private RepositoryFiles() {
    }

    static void serve(Context ctx, Path root, String relative, String contentType) throws IOException {
        Path file = resolve(root, relative);
        if (!Files.isRegularFile(file)) {
            throw PalisadeException.notFound("no such file in the update repository: " + relative);
        }
        long size = Files.size(file);
        long from = 0;
        long to = size - 1;
        String range = ctx.header("Range");
        boolean partial = false;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new PalisadeException(ErrorCode.INVALID_INPUT, "only one byte range 'bytes=N-' or 'bytes=N-M' is supported");
            }
            from = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
                to = Math.min(to, Long.parseLong(m.group(2)));
            }
            if (from >= size || from > to) {
                ctx.status(416).header("Content-Range", "bytes */" + size);
                return;
            }
            partial = true;
        }
        long length = to - from + 1;
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(contentType);
        if (partial) {
            ctx.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        ctx.res().setContentLengthLong(length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            OutputStream out = ctx.res().getOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = from;
            long left = length;
            while (left > 0) {
                buf.clear();
                if (left < buf.capacity()) {
                    buf.limit((int) left);
                }
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                out.write(buf.array(), 0, n);
                pos += n;
                left -= n;
            }
            out.flush();
        } catch (NoSuchFileException e) {
            throw PalisadeException.notFound("no such file in the update repository: " + relative);
        }
    }

    static Path resolve(Path root, String relative) {
        if (relative == null || relative.isEmpty() || relative.length() > 1024) {
            throw PalisadeException.notFound("no such file in the update repository");
        }
        String[] parts = relative.split("/", -1);
        if (parts.length > 8) {
            throw PalisadeException.notFound("no such file in the update repository");
        }
        for (String p : parts) {
            if (!SEGMENT.matcher(p).matches() || p.contains("..")) {
                throw PalisadeException.notFound("no such file in the update repository");
            }
        }
        Path r = root.toAbsolutePath().normalize();
        Path f = r.resolve(relative).normalize();
        if (!f.startsWith(r)) {
            throw PalisadeException.notFound("no such file in the update repository");
        }
        return f;
    }
}
