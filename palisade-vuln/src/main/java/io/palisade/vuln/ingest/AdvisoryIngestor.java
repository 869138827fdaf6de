package io.palisade.vuln.ingest;

import io.palisade.vuln.advisory.*;
import com.fasterxml.jackson.databind.JsonNode;
import io.palisade.core.PalisadeException;
import io.palisade.vuln.VulnJson;
import io.palisade.vuln.validate.Finding;
import io.palisade.vuln.validate.ValidationReport;
import io.palisade.vuln.validate.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ingests CSAF 2.0 and OSV advisories from files: each document is validated first (schema and, for CSAF, the
 * 6.1 mandatory tests) and refused when it fails. A directory is read as a CSAF provider layout when it has
 * {@code index.txt} or {@code changes.csv} files (paths relative to the file's folder) or ROLIE feed JSON files
 * whose entries point at documents; otherwise every {@code *.json} below it (in {@code <year>/} folders and
 * elsewhere) except provider metadata, feeds and service documents. Only files under the root are read (no
 * symbolic links out, no {@code ..}); no network access.
 */
public final class AdvisoryIngestor {
    public static final int MAX_FILES = 100_000;
    private static final int MAX_INDEX_BYTES = 16 * 1024 * 1024;
    private static final Pattern YEAR_FILE = Pattern.compile("(?:.*/)?(\\d{4}/[^/]+\\.json)$");
    private final Validator validator;
    private final CsafParser csaf = new CsafParser();
    private final OsvParser osv = new OsvParser();

    public AdvisoryIngestor(Validator validator) {
        this.validator = validator;
    }

    public IngestResult ingest(byte[] bytes, String source) {
        ValidationReport report = validator.validate(bytes);
        if (!report.valid()) {
            return new IngestResult.Rejected(source, report.findings());
        }
        JsonNode root = VulnJson.parse(bytes, source);
        try {
            return switch (report.kind()) {
                case CSAF -> new IngestResult.Accepted(source, csaf.parse(root));
                case OSV -> new IngestResult.Accepted(source, osv.parse(root));
                default -> new IngestResult.Rejected(source, List.of(new Finding("kind", "",
                        report.kind() + " is not an advisory format (CSAF or OSV expected)")));
            };
        } catch (PalisadeException | IllegalArgumentException e) {
            return new IngestResult.Rejected(source, List.of(new Finding("parse", "", e.getMessage())));
        }
    }

    public IngestResult ingestFile(Path file) {
        try {
            return ingest(VulnJson.readLimited(file), file.getFileName().toString());
        } catch (PalisadeException e) {
            return new IngestResult.Rejected(file.getFileName().toString(), List.of(new Finding("parse", "", e.getMessage())));
        }
    }

    /** Ingests every advisory of a directory (provider layout or plain tree); one result per document found. */
    public List<IngestResult> ingestDirectory(Path root) {
        Path base;
        try {
            base = root.toRealPath();
        } catch (IOException e) {
            throw PalisadeException.invalid("cannot read directory " + root + ": " + e.getMessage());
        }
        if (!Files.isDirectory(base)) {
            throw PalisadeException.invalid(root + " is not a directory");
        }
        Set<Path> files = new LinkedHashSet<>();
        List<Path> all = walk(base);
        boolean indexed = false;
        for (Path p : all) {
            String name = p.getFileName().toString();
            if (name.equals("index.txt") || name.equals("changes.csv")) {
                indexed = true;
                for (String line : lines(p)) {
                    String rel = name.equals("changes.csv") ? firstCsvField(line) : line.strip();
                    resolve(base, p.getParent(), rel).ifPresent(files::add);
                }
            }
        }
        for (Path p : all) {
            if (isFeed(p)) {
                indexed = true;
                JsonNode feed = VulnJson.parse(p);
                for (JsonNode entry : feed.path("feed").path("entry")) {
                    String src = entry.path("content").path("src").asText(null);
                    if (src == null) {
                        continue;
                    }
                    var m = YEAR_FILE.matcher(src);
                    if (m.matches()) {
                        resolve(base, p.getParent(), m.group(1)).ifPresent(files::add);
                    }
                }
            }
        }
        if (!indexed) {
            for (Path p : all) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".json") && !name.equals("provider-metadata.json") && !name.equals("aggregator.json")
                        && !name.contains("service") && !name.contains("category") && !isFeed(p)) {
                    files.add(p);
                }
            }
        }
        List<IngestResult> out = new ArrayList<>();
        for (Path f : files) {
            out.add(ingestFile(f));
        }
        return out;
    }

    private static List<Path> walk(Path base) {
        try (Stream<Path> s = Files.walk(base, 6)) {
            List<Path> files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().limit(MAX_FILES + 1L).toList();
            if (files.size() > MAX_FILES) {
                throw PalisadeException.invalid("more than " + MAX_FILES + " files under " + base.getFileName());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFeed(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".json") || name.equals("provider-metadata.json")) {
            return false;
        }
        if (!name.contains("feed")) {
            return false;
        }
        try {
            return VulnJson.parse(p).path("feed").isObject();
        } catch (PalisadeException e) {
            return false;
        }
    }

    private static List<String> lines(Path p) {
        try {
            if (Files.size(p) > MAX_INDEX_BYTES) {
                throw PalisadeException.invalid(p.getFileName() + " larger than " + MAX_INDEX_BYTES + " bytes");
            }
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstCsvField(String line) {
        String s = line.strip();
        int comma = s.indexOf(',');
        String f = comma >= 0 ? s.substring(0, comma) : s;
        return f.replace("\"", "").strip();
    }

    /** Resolves a relative path from an index inside the root; absolute paths, URLs and escapes are ignored. */
    private static java.util.Optional<Path> resolve(Path base, Path dir, String rel) {
        if (rel.isEmpty() || rel.contains("://") || rel.startsWith("/") || rel.contains("\\") || rel.contains("\0")) {
            return java.util.Optional.empty();
        }
        Path p = dir.resolve(rel).normalize();
        try {
            if (!p.startsWith(base) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !p.toRealPath().startsWith(base)) {
                return java.util.Optional.empty();
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(p);
    }
}
