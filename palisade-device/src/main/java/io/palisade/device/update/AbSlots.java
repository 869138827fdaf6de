package io.palisade.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.core.version.FirmwareVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A/B firmware slots simulated in a directory: {@code a/image.bin}, {@code b/image.bin} and {@code state.json}
 * ({@code {"active":"a","previous":"b","trial":false,"a":{"version":..,"target":..,"rollout":..},"b":{...}}}).
 * Every change of {@code state.json} is an atomic replace, so a crash leaves either the old or the new state.
 *
 * <p>Install sequence: {@link #stage} writes the inactive slot (the active one is never touched);
 * {@link #beginTrial()} switches to it as a trial boot; {@link #confirm()} makes it permanent, {@link #fallBack()}
 * returns to the previous slot. Opening slots whose trial was never confirmed (a crash or power loss during the trial
 * boot) falls back to the previous slot, as a bootloader does.
 */
public final class AbSlots {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STATE_BYTES = 16 * 1024;

    /** What a slot holds. */
    public record Slot(String name, String version, Optional<String> target, Optional<String> rollout) {
        public Slot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(rollout, "rollout");
        }
    }

    private final Path dir;
    private String active;
    private String previous;
    private boolean trial;
    private Slot a;
    private Slot b;

    private AbSlots(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the slots in {@code dir}, creating them with slot a running {@code initialVersion} when new; an
     * unconfirmed trial falls back to the previous slot.
     */
    public static synchronized AbSlots open(Path dir, String initialVersion) throws IOException {
        FirmwareVersion.parse(initialVersion);
        AbSlots s = new AbSlots(dir);
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Path state = dir.resolve("state.json");
        if (!Files.exists(state)) {
            s.active = "a";
            s.previous = null;
            s.a = new Slot("a", initialVersion, Optional.empty(), Optional.empty());
            s.b = new Slot("b", initialVersion, Optional.empty(), Optional.empty());
            s.save();
            return s;
        }
        s.load(state);
        if (s.trial) {
            s.fallBack();
        }
        return s;
    }

    public synchronized Slot active() {
        return slot(active);
    }

    public synchronized Slot inactive() {
        return slot(other(active));
    }

    public synchronized boolean inTrial() {
        return trial;
    }

    /** The image file of a slot. */
    public Path image(String slotName) {
        if (!slotName.equals("a") && !slotName.equals("b")) {
            throw new IllegalArgumentException("slot must be a or b");
        }
        return dir.resolve(slotName).resolve("image.bin");
    }

    /** Copies {@code image} into the inactive slot and records what it holds; the active slot is untouched. */
    public synchronized Slot stage(Path image, String version, String target, String rollout) throws IOException {
        if (trial) {
            throw new IllegalStateException("a trial boot is in progress");
        }
        String name = other(active);
        Path dest = image(name);
        Path tmp = Files.createTempFile(dest.getParent(), ".image-", ".part");
        try {
            Files.copy(image, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(tmp, dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Slot staged = new Slot(name, version, Optional.of(target), Optional.of(rollout));
        if (name.equals("a")) {
            a = staged;
        } else {
            b = staged;
        }
        save();
        return staged;
    }

    /** Switches to the inactive slot for a trial boot. */
    public synchronized Slot beginTrial() throws IOException {
        if (trial) {
            throw new IllegalStateException("a trial boot is in progress");
        }
        previous = active;
        active = other(active);
        trial = true;
        save();
        return slot(active);
    }

    /** The trial slot booted: it stays active. */
    public synchronized void confirm() throws IOException {
        if (!trial) {
            throw new IllegalStateException("no trial boot in progress");
        }
        trial = false;
        save();
    }

    /** The trial slot did not boot: back to the previous slot. */
    public synchronized Slot fallBack() throws IOException {
        if (!trial) {
            throw new IllegalStateException("no trial boot in progress");
        }
        String failed = active;
        active = previous;
        previous = failed;
        trial = false;
        save();
        return slot(active);
    }

    private Slot slot(String name) {
        return name.equals("a") ? a : b;
    }

    private static String other(String name) {
        return name.equals("a") ? "b" : "a";
    }

    private void save() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("active", active);
        if (previous != null) {
            n.put("previous", previous);
        }
        n.put("trial", trial);
        n.set("a", slotJson(a));
        n.set("b", slotJson(b));
        Path state = dir.resolve("state.json");
        Path tmp = Files.createTempFile(dir, ".state-", ".part");
        try {
            Files.writeString(tmp, n.toString(), StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(tmp, state);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ObjectNode slotJson(Slot s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", s.version());
        s.target().ifPresent(t -> n.put("target", t));
        s.rollout().ifPresent(r -> n.put("rollout", r));
        return n;
    }

    private void load(Path state) throws IOException {
        byte[] data;
        try (InputStream in = Files.newInputStream(state)) {
            data = in.readNBytes(MAX_STATE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IOException("slot state missing", e);
        }
        if (data.length > MAX_STATE_BYTES) {
            throw new IOException("slot state larger than " + MAX_STATE_BYTES + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(new String(data, StandardCharsets.UTF_8));
            active = slotName(n.path("active").asText(""));
            previous = n.hasNonNull("previous") ? slotName(n.get("previous").asText()) : null;
            trial = n.path("trial").asBoolean(false);
            if (trial && previous == null) {
                throw new IOException("slot state: trial without a previous slot");
            }
            a = readSlot("a", n.get("a"));
            b = readSlot("b", n.get("b"));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("slot state is corrupt: " + e.getMessage(), e);
        }
    }

    private static String slotName(String s) throws IOException {
        if (!s.equals("a") && !s.equals("b")) {
            throw new IOException("unknown slot '" + s + "'");
        }
        return s;
    }

    private static Slot readSlot(String name, JsonNode n) throws IOException {
        if (n == null || !n.path("version").isTextual()) {
            throw new IOException("slot " + name + " has no version");
        }
        String version = n.get("version").asText();
        FirmwareVersion.parse(version);
        return new Slot(name, version, Optional.ofNullable(n.path("target").textValue()),
                Optional.ofNullable(n.path("rollout").textValue()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
