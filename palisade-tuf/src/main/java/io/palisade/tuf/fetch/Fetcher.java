package io.palisade.tuf.fetch;

import io.palisade.tuf.TufException;

import java.net.URI;
import java.util.Optional;

/**
 * Downloads metadata and target files. Implementations must never read more than {@code maxLength + 1} bytes, so
 * that an endless-data attack is detected without exhausting memory.
 */
public interface Fetcher {
    /**
     * Fetches {@code uri}.
     *
     * @return the bytes, or empty when the resource does not exist (HTTP 403/404, missing file)
     * @throws TufException on any other failure, or when the resource is longer than {@code maxLength}
     */
    Optional<byte[]> fetch(URI uri, long maxLength) throws TufException;

    /** A fetcher for http, https and file URIs with the given timeout. */
    static Fetcher standard(java.time.Duration timeout) {
        HttpFetcher http = new HttpFetcher(timeout);
        FileFetcher file = new FileFetcher();
        return (uri, maxLength) -> {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            return switch (scheme) {
                case "http", "https" -> http.fetch(uri, maxLength);
                case "file" -> file.fetch(uri, maxLength);
                default -> throw new TufException("unsupported URL scheme: " + scheme);
            };
        };
    }
}
