package io.palisade.tuf.cli;

import io.palisade.tuf.TufException;
import io.palisade.tuf.Updater;
import io.palisade.tuf.UpdaterConfig;
import io.palisade.tuf.fetch.Fetcher;
import io.palisade.tuf.metadata.TargetFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client-under-test CLI of the TUF conformance suite (theupdateframework/tuf-conformance, CLIENT-CLI.md):
 * <pre>
 *   --metadata-dir D init TRUSTED_ROOT
 *   --metadata-dir D --metadata-url U refresh
 *   --metadata-dir D --metadata-url U --target-name T --target-base-url B --target-dir O download
 * </pre>
 * Options may come in any order. Exit code 0 on success, 1 on any failure.
 */
public final class TufClientCli {
    private static final Set<String> OPTIONS =
            Set.of("--metadata-dir", "--metadata-url", "--target-name", "--target-base-url", "--target-dir");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String USAGE = """
            usage: tuf-client --metadata-dir DIR init TRUSTED_ROOT_FILE
                   tuf-client --metadata-dir DIR --metadata-url URL refresh
                   tuf-client --metadata-dir DIR --metadata-url URL --target-name PATH \
            --target-base-url URL --target-dir DIR download""";

    private TufClientCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code (0 success, 1 failure). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Fetcher.standard(TIMEOUT), Clock.systemUTC());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with an explicit fetcher and clock (tests). */
    public static int run(String[] args, PrintStream out, PrintStream err, Fetcher fetcher, Clock clock) {
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (a.startsWith("--")) {
                String name = a;
                String value;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    err.println("error: option " + a + " needs a value");
                    return 1;
                }
                if (!OPTIONS.contains(name)) {
                    err.println("error: unknown option " + name);
                    err.println(USAGE);
                    return 1;
                }
                if (options.put(name, value) != null) {
                    err.println("error: option " + name + " given twice");
                    return 1;
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.isEmpty()) {
            err.println(USAGE);
            return 1;
        }
        try {
            String command = positional.get(0);
            List<String> rest = positional.subList(1, positional.size());
            switch (command) {
                case "init" -> init(options, rest, clock);
                case "refresh" -> {
                    requireNoArgs(command, rest);
                    updater(options, false, fetcher, clock).refresh();
                }
                case "download" -> {
                    requireNoArgs(command, rest);
                    download(options, fetcher, clock, out);
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 1;
        } catch (TufException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("error: unexpected failure: " + e);
            return 1;
        }
    }

    private static void init(Map<String, String> options, List<String> rest, Clock clock) throws TufException {
        if (rest.size() != 1) {
            throw new UsageException("init takes exactly one argument, the trusted root file");
        }
        Path metadataDir = Path.of(required(options, "--metadata-dir"));
        Path rootFile = Path.of(rest.get(0));
        byte[] data;
        try (InputStream in = Files.newInputStream(rootFile)) {
            data = in.readNBytes((int) UpdaterConfig.DEFAULT_ROOT_MAX_LENGTH + 1);
        } catch (IOException e) {
            throw new TufException("cannot read trusted root " + rootFile + ": " + e.getMessage(), e);
        }
        Updater.initialize(metadataDir, data, clock);
    }

    private static void download(Map<String, String> options, Fetcher fetcher, Clock clock, PrintStream out)
            throws TufException {
        String targetName = required(options, "--target-name");
        Path targetDir = Path.of(required(options, "--target-dir"));
        Updater updater = updater(options, true, fetcher, clock);
        TargetFile target = updater.findTarget(targetName)
                .orElseThrow(() -> new TufException("target '" + targetName + "' is not listed by any trusted role"));
        Optional<Path> cached = updater.findCached(target, targetDir);
        if (cached.isPresent()) {
            out.println("target already up to date: " + cached.get());
            return;
        }
        Path path = updater.download(target, targetDir);
        out.println(("downloaded " + target.length() + " bytes to " + path).replace('\n', ' '));
    }

    private static Updater updater(Map<String, String> options, boolean withTargets, Fetcher fetcher, Clock clock)
            throws TufException {
        UpdaterConfig config = UpdaterConfig.of(Path.of(required(options, "--metadata-dir")),
                url(required(options, "--metadata-url")));
        if (withTargets) {
            config = config.withTargetBaseUrl(url(required(options, "--target-base-url")));
        }
        return new Updater(config, fetcher, clock);
    }

    private static URI url(String s) {
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null) {
                throw new UsageException("URL without scheme: " + s);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("invalid URL: " + s);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null || v.isEmpty()) {
            throw new UsageException("missing option " + name);
        }
        return v;
    }

    private static void requireNoArgs(String command, List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageException(command + " takes no arguments");
        }
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
