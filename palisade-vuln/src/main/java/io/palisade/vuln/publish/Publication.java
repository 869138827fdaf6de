package io.palisade.vuln.publish;

import io.palisade.core.PalisadeException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Input of {@link CsafWriter}: our advisory or VEX document. {@code version} is the tracking version (integer
 * versioning: "1", "2", ...); revision history entries 1..version are generated from {@code revisions} (summaries,
 * oldest first) or a single "Initial release".
 */
public record Publication(Profile profile, String trackingId, String title, String publisherName, URI publisherNamespace,
        String lang, Instant initialRelease, Instant currentRelease, List<String> revisions, boolean draft,
        String summary, List<VulnerabilityEntry> vulnerabilities) {
    private static final Pattern TRACKING_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,99}");

    public enum Profile {
        SECURITY_ADVISORY("csaf_security_advisory"), VEX("csaf_vex");

        private final String category;

        Profile(String category) {
            this.category = category;
        }

        public String category() {
            return category;
        }
    }

    public Publication {
        Objects.requireNonNull(profile, "profile");
        if (trackingId == null || !TRACKING_ID.matcher(trackingId).matches()) {
            throw PalisadeException.invalid("tracking id: 1-100 characters from A-Z a-z 0-9 . _ : + -");
        }
        title = Texts.require(title, "title");
        publisherName = Texts.require(publisherName, "publisher name");
        Objects.requireNonNull(publisherNamespace, "publisherNamespace");
        if (!publisherNamespace.isAbsolute()) {
            throw PalisadeException.invalid("publisher namespace must be an absolute URI");
        }
        lang = lang == null ? "en" : lang;
        Objects.requireNonNull(initialRelease, "initialRelease");
        currentRelease = currentRelease == null ? initialRelease : currentRelease;
        if (currentRelease.isBefore(initialRelease)) {
            throw PalisadeException.invalid("current release precedes the initial release");
        }
        revisions = revisions == null || revisions.isEmpty() ? List.of("Initial release") : List.copyOf(revisions);
        revisions.forEach(r -> Texts.require(r, "revision summary"));
        summary = Texts.require(summary, "summary");
        vulnerabilities = List.copyOf(vulnerabilities);
        if (vulnerabilities.isEmpty()) {
            throw PalisadeException.invalid("a publication needs at least one vulnerability");
        }
    }
}
