package io.palisade.detect.vpatch;

import io.palisade.core.PalisadeException;

/** An MQTT topic filter relative to the device prefix ({@code palisade/v1/d/<id>/}): {@code cmd/debug/#}. */
public record TopicPattern(String text) {
    public TopicPattern {
        if (text == null || text.isEmpty() || text.length() > 200 || text.startsWith("/")
                || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw PalisadeException.invalid("topic pattern must be 1-200 printable characters, relative to the device prefix");
        }
        String[] levels = text.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if ((l.contains("#") && (!l.equals("#") || i != levels.length - 1)) || (l.contains("+") && !l.equals("+"))) {
                throw PalisadeException.invalid("topic pattern '" + text + "': '#' only as the last level, '+' only as a whole level");
            }
        }
    }

    public boolean matches(String topic) {
        String[] p = text.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!p[i].equals("+") && !p[i].equals(t[i])) {
                return false;
            }
        }
        return p.length == t.length;
    }
}
