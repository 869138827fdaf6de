package io.palisade.detect.alert;

import io.palisade.core.PalisadeException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One observation that may raise or update an alert: a detection result, a MUD violation, an edge rate-limit
 * event, an audit finding. {@code type} is a dotted name such as {@code mud.violation},
 * {@code behaviour.rule}, {@code behaviour.baseline}, {@code behaviour.new-destination}, {@code behaviour.scan},
 * {@code audit.cert-expiring} or {@code vuln.exploited}. {@code subject} is a device id, a model name or
 * {@code platform}. Signals with the same {@link #dedupKey()} fold into one active alert; the key defaults to
 * {@code type|subject} and may be refined (for example per rule) with {@link #withKey(String)}.
 *
 * @param sample small evidence map (at most 32 entries; values are strings, numbers or booleans)
 */
public record Signal(String type, String subject, String model, Severity severity, String title, String detail,
        Map<String, Object> sample, Instant at, String dedupKey) {
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final int MAX_SAMPLE_ENTRIES = 32;
    public static final String PLATFORM = "platform";

    public Signal {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw PalisadeException.invalid("signal type must be 1-64 characters from a-z 0-9 . _ - (got '" + type + "')");
        }
        subject = text("subject", subject, 128, false);
        model = model == null ? null : text("model", model, 64, false);
        Objects.requireNonNull(severity, "severity");
        title = text("title", title, 200, false);
        detail = detail == null ? "" : text("detail", detail, 2000, true);
        Objects.requireNonNull(at, "at");
        sample = copySample(sample);
        dedupKey = dedupKey == null ? type + "|" + subject : text("dedupKey", dedupKey, 300, false);
    }

    public Signal(String type, String subject, String model, Severity severity, String title, String detail,
            Map<String, Object> sample, Instant at) {
        this(type, subject, model, severity, title, detail, sample, at, null);
    }

    /** The same signal with a refined deduplication key (e.g. {@code behaviour.rule|dev-1|messages_in > 100}). */
    public Signal withKey(String key) {
        return new Signal(type, subject, model, severity, title, detail, sample, at, key);
    }

    private static String text(String field, String v, int max, boolean allowEmpty) {
        if (v == null || (!allowEmpty && v.isBlank())) {
            throw PalisadeException.invalid("signal " + field + " is required");
        }
        if (v.length() > max) {
            v = v.substring(0, max);
        }
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                if (sb == null) {
                    sb = new StringBuilder(v.substring(0, i));
                }
                sb.append('?');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? v : sb.toString();
    }

    private static Map<String, Object> copySample(Map<String, Object> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            if (out.size() >= MAX_SAMPLE_ENTRIES) {
                break;
            }
            Object v = e.getValue();
            if (e.getKey() == null || v == null) {
                continue;
            }
            if (!(v instanceof Number || v instanceof Boolean || v instanceof String)) {
                v = String.valueOf(v);
            }
            if (v instanceof String s && s.length() > 512) {
                v = s.substring(0, 512);
            }
            out.put(e.getKey(), v);
        }
        return Collections.unmodifiableMap(out);
    }
}
