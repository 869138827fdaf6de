package io.palisade.device.update;

import io.palisade.tuf.TufException;
import io.palisade.tuf.fetch.Fetcher;

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
 * A TUF {@link Fetcher} over the device's mutual-TLS {@link HttpClient}: 403/404 mean "not found", any other status
 * but 200 fails, at most {@code maxLength} + 1 bytes are read (endless data is refused).
 */
final class HttpsFetcher implements Fetcher {
    private final HttpClient client;
    private final Duration timeout;

    HttpsFetcher(HttpClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Optional<byte[]> fetch(URI uri, long maxLength) throws TufException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TufException("could not fetch " + uri.getPath() + ": " + ImageDownloader.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TufException("interrupted while fetching " + uri.getPath(), e);
        }
        try (InputStream body = resp.body()) {
            int status = resp.statusCode();
            if (status == 403 || status == 404) {
                return Optional.empty();
            }
            if (status != 200) {
                throw new TufException("could not fetch " + uri.getPath() + ": HTTP status " + status);
            }
            long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxLength) {
                throw new TufException(uri.getPath() + ": endless data: declared length " + declared
                        + " is more than the allowed " + maxLength + " bytes");
            }
            byte[] data = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1));
            if (data.length > maxLength) {
                throw new TufException(uri.getPath() + ": endless data: more than the allowed " + maxLength + " bytes");
            }
            return Optional.of(data);
        } catch (IOException e) {
            throw new TufException("could not read " + uri.getPath() + ": " + ImageDownloader.describe(e), e);
        } catch (NumberFormatException e) {
            throw new TufException(uri.getPath() + ": malformed Content-Length", e);
        }
    }
}
