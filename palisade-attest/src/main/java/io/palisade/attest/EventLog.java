package io.palisade.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Palisade's measured-boot event log: UTF-8 JSON lines, one event per line, in the order the boot chain extended them.
 *
 * <pre>
 * {"pcr":0,"sha256":"&lt;64 hex&gt;","type":"bootloader","data":"u-boot 2024.01"}
 * {"pcr":4,"sha256":"&lt;64 hex&gt;","type":"kernel"}
 * </pre>
 *
 * <ul>
 *   <li>{@code pcr}: 0..23; {@code sha256}: the digest extended into the SHA-256 bank (lowercase or uppercase hex);
 *       {@code type}: 1-64 characters [A-Za-z0-9._-]; {@code data}: optional description, at most 256 characters,
 *       not measured. No other fields; blank lines are ignored.</li>
 *   <li>Replay: every PCR starts at 32 zero bytes; each event sets PCR := SHA-256(PCR || sha256). A quoted PCR with no
 *       event must therefore still be all zeros.</li>
 *   <li>Limits: 1 MiB, 4096 events, 4096 characters per line.</li>
 * </ul>
 */
public final class EventLog {
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_EVENTS = 4096;
    public static final int MAX_LINE = 4096;
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** One measurement. */
    public record Event(int pcr, byte[] sha256, String type, String data) {
        public Event {
            if (pcr < 0 || pcr > 23) {
                throw new IllegalArgumentException("pcr must be 0..23");
            }
            if (sha256 == null || sha256.length != 32) {
                throw new IllegalArgumentException("sha256 must be 32 bytes");
            }
            if (type == null || !TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("type must be 1-64 characters from A-Z a-z 0-9 . _ -");
            }
            if (data != null && data.length() > 256) {
                throw new IllegalArgumentException("data must be at most 256 characters");
            }
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        /** An event measuring {@code content} (hashed with SHA-256). */
        public static Event measure(int pcr, String type, byte[] content, String data) {
            return new Event(pcr, EventLog.sha256(content), type, data);
        }
    }

    /** The log is not in the documented format. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        public FormatException(String message) {
            super(message);
        }
    }

    private final List<Event> events;

    private EventLog(List<Event> events) {
        this.events = List.copyOf(events);
    }

    public static EventLog of(List<Event> events) {
        if (events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("more than " + MAX_EVENTS + " events");
        }
        return new EventLog(events);
    }

    public List<Event> events() {
        return events;
    }

    public static EventLog parse(byte[] utf8) throws FormatException {
        if (utf8 == null) {
            throw new FormatException("no event log");
        }
        if (utf8.length > MAX_BYTES) {
            throw new FormatException("event log is " + utf8.length + " bytes, at most " + MAX_BYTES + " allowed");
        }
        String text = new String(utf8, StandardCharsets.UTF_8);
        List<Event> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank()) {
                continue;
            }
            if (l.length() > MAX_LINE) {
                throw new FormatException("line " + lineNo + ": longer than " + MAX_LINE + " characters");
            }
            if (out.size() == MAX_EVENTS) {
                throw new FormatException("more than " + MAX_EVENTS + " events");
            }
            out.add(parseLine(l, lineNo));
        }
        return new EventLog(out);
    }

    private static Event parseLine(String line, int lineNo) throws FormatException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new FormatException("line " + lineNo + ": not JSON: " + e.getOriginalMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw new FormatException("line " + lineNo + ": not a JSON object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("pcr") && !f.equals("sha256") && !f.equals("type") && !f.equals("data")) {
                throw new FormatException("line " + lineNo + ": unknown field '" + f + "'");
            }
        }
        JsonNode pcr = o.get("pcr");
        JsonNode sha = o.get("sha256");
        JsonNode type = o.get("type");
        JsonNode data = o.get("data");
        if (pcr == null || !pcr.isInt() || pcr.intValue() < 0 || pcr.intValue() > 23) {
            throw new FormatException("line " + lineNo + ": 'pcr' must be an integer 0..23");
        }
        if (sha == null || !sha.isTextual() || !HEX64.matcher(sha.textValue()).matches()) {
            throw new FormatException("line " + lineNo + ": 'sha256' must be 64 hex characters");
        }
        if (type == null || !type.isTextual() || !TYPE.matcher(type.textValue()).matches()) {
            throw new FormatException("line " + lineNo + ": 'type' must be 1-64 characters from A-Z a-z 0-9 . _ -");
        }
        if (data != null && (!data.isTextual() || data.textValue().length() > 256)) {
            throw new FormatException("line " + lineNo + ": 'data' must be a string of at most 256 characters");
        }
        return new Event(pcr.intValue(), HexFormat.of().parseHex(sha.textValue()), type.textValue(),
                data == null ? null : data.textValue());
    }

    /** The JSON-lines form (one event per line, each line ending in \n). */
    public byte[] toJsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            ObjectNode o = JSON.createObjectNode();
            o.put("pcr", e.pcr());
            o.put("sha256", HexFormat.of().formatHex(e.sha256));
            o.put("type", e.type());
            if (e.data() != null) {
                o.put("data", e.data());
            }
            sb.append(o).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Replays the log: index -> SHA-256 PCR value, for every PCR with at least one event. */
    public Map<Integer, byte[]> replay() {
        byte[][] pcrs = replayAll();
        TreeMap<Integer, byte[]> out = new TreeMap<>();
        for (int i = 0; i < pcrs.length; i++) {
            if (pcrs[i] != null) {
                out.put(i, pcrs[i]);
            }
        }
        return out;
    }

    /** Replays the log into 24 slots; null for a PCR without events (its replayed value is all zeros). */
    byte[][] replayAll() {
        byte[][] pcrs = new byte[24][];
        MessageDigest md = sha256();
        for (Event e : events) {
            byte[] cur = pcrs[e.pcr()] == null ? new byte[32] : pcrs[e.pcr()];
            md.update(cur);
            md.update(e.sha256);
            pcrs[e.pcr()] = md.digest();
        }
        return pcrs;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] content) {
        return sha256().digest(content);
    }
}
