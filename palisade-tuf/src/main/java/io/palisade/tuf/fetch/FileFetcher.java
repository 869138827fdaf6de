package io.palisade.tuf.fetch;

import io.palisade.tuf.TufException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Fetches {@code file:} URIs (local repositories and tests). A missing file is "not found". */
public final class FileFetcher implements Fetcher {
    @Override
    public Optional<byte[]> fetch(URI uri, long maxLength) throws TufException {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new TufException("FileFetcher only fetches file: URIs");
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath().toLowerCase(java.util.Locale.ROOT);
        if (rawPath.contains("%2f") || rawPath.contains("%5c") || rawPath.contains("%00")) {
            // an encoded separator names no file in the directory: never let it become a path traversal
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new TufException("invalid file URI: " + uri, e);
        }
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Optional.of(BoundedRead.readAtMost(in, maxLength, uri.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TufException("could not read " + uri + ": " + e.getMessage(), e);
        }
    }
}
