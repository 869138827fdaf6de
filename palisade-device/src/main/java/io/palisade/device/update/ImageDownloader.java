package io.palisade.device.update;

import io.palisade.tuf.TufException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Resumable image download: the bytes already in the partial file are kept and the rest is asked for with
 * {@code Range: bytes=<n>-}; a {@code 206} must start exactly there and state the signed total length; a {@code 200}
 * restarts from zero. Never more than the signed length is accepted (endless data); the length and every listed hash
 * are verified over the whole file at the end, and a file that fails is deleted.
 */
final class ImageDownloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;

    ImageDownloader(HttpClient client, Duration timeout, int maxAttempts) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
    }

    /** Downloads into {@code part} (resuming it) and verifies it; returns the number of attempts used. */
    int download(URI uri, Path part, long length, Map<String, String> hashes, LongConsumer progress) throws TufException {
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                long have = Files.exists(part) ? Files.size(part) : 0;
                if (have > length) {
                    Files.delete(part);
                    have = 0;
                }
                if (have < length || length == 0) {
                    transfer(uri, part, have, length, progress);
                }
                verify(part, length, hashes);
                return attempt;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new TufException("image download failed after " + maxAttempts + " attempts: " + describe(last), last);
    }

    private void transfer(URI uri, Path part, long have, long length, LongConsumer progress) throws IOException, TufException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (have > 0) {
            b.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TufException("interrupted while downloading the image", e);
        }
        try (InputStream body = resp.body()) {
            int status = resp.statusCode();
            long start;
            if (status == 206 && have > 0) {
                String cr = resp.headers().firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(cr.strip());
                if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                    throw new TufException("image download: Content-Range '" + shorten(cr) + "' does not continue at byte " + have);
                }
                if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != length) {
                    throw new TufException("image download: the server's image is " + m.group(3)
                            + " bytes, not the signed length " + length + " (endless data or wrong image)");
                }
                start = have;
            } else if (status == 200) {
                start = 0;
            } else if (status == 416) {
                Files.deleteIfExists(part);
                throw new IOException("range not satisfiable: restarting from zero");
            } else if (status == 403 || status == 404) {
                throw new TufException("image not found on the repository (HTTP " + status + ")");
            } else {
                throw new TufException("image download: HTTP status " + status);
            }
            long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared >= 0 && start + declared > length) {
                throw endless(length, part);
            }
            long written = start;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                byte[] buf = new byte[64 * 1024];
                while (true) {
                    int want = (int) Math.min(buf.length, length - written + 1);
                    int n = body.read(buf, 0, want);
                    if (n < 0) {
                        break;
                    }
                    if (written + n > length) {
                        out.close();
                        throw endless(length, part);
                    }
                    out.write(buf, 0, n);
                    written += n;
                    progress.accept(written);
                }
            }
            if (written < length) {
                throw new IOException("transfer ended after " + written + " of " + length + " bytes");
            }
        }
    }

    private static TufException endless(long length, Path part) throws IOException {
        Files.deleteIfExists(part);
        return new TufException("endless data: the image is longer than its signed length of " + length + " bytes");
    }

    static void verify(Path file, long length, Map<String, String> hashes) throws TufException, IOException {
        long size = Files.size(file);
        if (size != length) {
            Files.deleteIfExists(file);
            throw new TufException("image length " + size + " does not match the signed length " + length);
        }
        if (hashes.isEmpty()) {
            throw new TufException("the target lists no hashes");
        }
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            String alg = switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "sha256" -> "SHA-256";
                case "sha384" -> "SHA-384";
                case "sha512" -> "SHA-512";
                default -> null;
            };
            if (alg == null) {
                throw new TufException("unsupported hash algorithm '" + shorten(e.getKey()) + "'");
            }
            MessageDigest md;
            try {
                md = MessageDigest.getInstance(alg);
            } catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new TufException("malformed " + e.getKey() + " hash in the signed metadata", ex);
            }
            if (!MessageDigest.isEqual(expected, md.digest())) {
                Files.deleteIfExists(file);
                throw new TufException("image " + e.getKey() + " hash does not match the signed metadata (tampered or swapped image)");
            }
        }
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS failed (the repository must present a certificate of the platform root and accept the"
                        + " device certificate): " + c.getMessage();
            }
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
