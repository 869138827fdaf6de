package io.palisade.tuf.fetch;

import io.palisade.tuf.TufException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches over HTTP(S) with {@link HttpClient}: connect and request timeouts, redirects followed except from HTTPS
 * to HTTP ({@link HttpClient.Redirect#NORMAL}), at most {@code maxLength} + 1 bytes read.
 * 403 and 404 mean "not found". Slow retrieval is bounded by the request timeout.
 */
public final class HttpFetcher implements Fetcher {
    private final HttpClient client;
    private final Duration timeout;

    public HttpFetcher(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Optional<byte[]> fetch(URI uri, long maxLength) throws TufException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            throw new TufException("invalid URL " + uri + ": " + e.getMessage(), e);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TufException("could not fetch " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TufException("interrupted while fetching " + uri, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 403 || status == 404) {
                return Optional.empty();
            }
            if (status != 200) {
                throw new TufException("could not fetch " + uri + ": HTTP status " + status);
            }
            long declared;
            try {
                declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } catch (NumberFormatException e) {
                throw new TufException(uri + ": malformed Content-Length", e);
            }
            if (declared > maxLength) {
                throw new TufException(uri + ": declared length " + declared + " is more than the allowed " + maxLength + " bytes");
            }
            return Optional.of(BoundedRead.readAtMost(body, maxLength, uri.toString()));
        } catch (IOException e) {
            throw new TufException("could not read " + uri + ": " + e.getMessage(), e);
        }
    }
}
