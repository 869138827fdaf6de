package io.palisade.conformity.evidence;

import io.palisade.conformity.evidence.Facts.CredentialFacts;
import io.palisade.conformity.evidence.Facts.SharedKeyExample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes {@link CredentialFacts} from per-device rows in two streaming passes with bounded memory: 16 bytes
 * per distinct key in a primitive open-addressing table (pass 1 counts 64-bit key prefixes), then exact
 * fingerprints only for the colliding prefixes (pass 2). For a server whose store cannot GROUP BY; a SQL store
 * should aggregate in the database instead. The rows must be iterable twice in the same order.
 */
public final class CredentialAggregator {
    private CredentialAggregator() {
    }

    /**
     * One device that should hold an identity (enrolled, active or quarantined) and its current certificate.
     *
     * @param keyFingerprint hex SHA-256 of the certificate's SubjectPublicKeyInfo, null when it has none
     */
    public record DeviceCredentialRow(String deviceId, String model, String keyFingerprint, Instant notBefore, Instant notAfter) {
        public DeviceCredentialRow {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(model, "model");
            if (keyFingerprint != null && (notBefore == null || notAfter == null)) {
                throw new IllegalArgumentException("a certificate needs notBefore and notAfter");
            }
        }
    }

    public static CredentialFacts aggregate(Iterable<DeviceCredentialRow> rows, Optional<String> model, Instant now,
            Provenance provenance) {
        LongCounter prefixes = new LongCounter(1 << 16);
        long devices = 0;
        long withCredential = 0;
        long expired = 0;
        long maxLifetimeSeconds = 0;
        for (DeviceCredentialRow r : rows) {
            if (model.isPresent() && !model.get().equals(r.model())) {
                continue;
            }
            devices++;
            if (r.keyFingerprint() == null) {
                continue;
            }
            if (now.isAfter(r.notAfter())) {
                expired++;
                continue;
            }
            if (now.isBefore(r.notBefore())) {
                continue;
            }
            withCredential++;
            maxLifetimeSeconds = Math.max(maxLifetimeSeconds, Duration.between(r.notBefore(), r.notAfter()).getSeconds());
            prefixes.increment(prefix(r.keyFingerprint()));
        }
        long distinct = prefixes.size();
        long groups = 0;
        long onShared = 0;
        List<SharedKeyExample> examples = new ArrayList<>();
        if (prefixes.collisions() > 0) {
            Map<String, long[]> counts = new HashMap<>();
            Map<String, List<String>> ids = new HashMap<>();
            for (DeviceCredentialRow r : rows) {
                if ((model.isPresent() && !model.get().equals(r.model())) || r.keyFingerprint() == null
                        || now.isAfter(r.notAfter()) || now.isBefore(r.notBefore()) || prefixes.get(prefix(r.keyFingerprint())) < 2) {
                    continue;
                }
                String fp = r.keyFingerprint().toLowerCase(java.util.Locale.ROOT);
                counts.computeIfAbsent(fp, k -> new long[1])[0]++;
                List<String> l = ids.computeIfAbsent(fp, k -> new ArrayList<>());
                if (l.size() < Facts.MAX_EXAMPLES) {
                    l.add(r.deviceId());
                }
            }
            long candidatePrefixes = counts.keySet().stream().map(CredentialAggregator::prefix).distinct().count();
            distinct += counts.size() - candidatePrefixes;
            List<String> sharedKeys = counts.entrySet().stream().filter(e -> e.getValue()[0] > 1).map(Map.Entry::getKey).sorted().toList();
            for (String fp : sharedKeys) {
                groups++;
                onShared += counts.get(fp)[0];
                if (examples.size() < Facts.MAX_EXAMPLES) {
                    examples.add(new SharedKeyExample(fp, counts.get(fp)[0], ids.get(fp)));
                }
            }
        }
        return new CredentialFacts(devices, withCredential, distinct, groups, onShared, examples,
                (maxLifetimeSeconds + 86_399) / 86_400, expired, provenance);
    }

    /** First 64 bits of a hex fingerprint; other strings are hashed (FNV-1a 64). */
    static long prefix(String fp) {
        String s = fp.toLowerCase(java.util.Locale.ROOT);
        if (s.length() >= 16) {
            long v = 0;
            boolean hex = true;
            for (int i = 0; i < 16 && hex; i++) {
                int d = Character.digit(s.charAt(i), 16);
                hex = d >= 0;
                v = (v << 4) | (d & 0xf);
            }
            if (hex) {
                return v;
            }
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Open-addressing long → count table (linear probing, load factor ≤ 0.5). */
    static final class LongCounter {
        private long[] keys;
        private int[] counts;
        private boolean[] used;
        private int size;
        private long collisions;

        LongCounter(int capacity) {
            keys = new long[capacity];
            counts = new int[capacity];
            used = new boolean[capacity];
        }

        private static int mix(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        void increment(long k) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = mix(k) & mask;
            while (used[i]) {
                if (keys[i] == k) {
                    if (counts[i]++ == 1) {
                        collisions++;
                    }
                    return;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = k;
            counts[i] = 1;
            size++;
        }

        int get(long k) {
            int mask = keys.length - 1;
            int i = mix(k) & mask;
            while (used[i]) {
                if (keys[i] == k) {
                    return counts[i];
                }
                i = (i + 1) & mask;
            }
            return 0;
        }

        private void grow() {
            long[] ok = keys;
            int[] oc = counts;
            boolean[] ou = used;
            keys = new long[ok.length * 2];
            counts = new int[ok.length * 2];
            used = new boolean[ok.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < ok.length; j++) {
                if (ou[j]) {
                    int i = mix(ok[j]) & mask;
                    while (used[i]) {
                        i = (i + 1) & mask;
                    }
                    used[i] = true;
                    keys[i] = ok[j];
                    counts[i] = oc[j];
                }
            }
        }

        long size() {
            return size;
        }

        long collisions() {
            return collisions;
        }
    }
}
