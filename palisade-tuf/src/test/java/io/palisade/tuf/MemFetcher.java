package io.palisade.tuf;

import io.palisade.tuf.fetch.Fetcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Serves a {@link TestRepo}'s files from memory and records every request as "path (max N)". */
final class MemFetcher implements Fetcher {
    private final Map<String, byte[]> files;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<Long> limits = Collections.synchronizedList(new ArrayList<>());

    MemFetcher(Map<String, byte[]> files) {
        this.files = files;
    }

    @Override
    public Optional<byte[]> fetch(URI uri, long maxLength) throws TufException {
        String path = uri.getRawPath().substring(1);
        requests.add(path);
        limits.add(maxLength);
        byte[] b = files.get(path);
        if (b == null) {
            return Optional.empty();
        }
        if (b.length > maxLength) {
            throw new TufException(path + ": more than the allowed " + maxLength + " bytes");
        }
        return Optional.of(b.clone());
    }

    void clear() {
        requests.clear();
        limits.clear();
    }
}
