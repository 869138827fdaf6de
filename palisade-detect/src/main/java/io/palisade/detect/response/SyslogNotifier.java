package io.palisade.detect.response;

import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Alert;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts as RFC 5424 syslog messages over UDP (RFC 5426), facility security/authorization (4 → 10 is
 * authpriv; we use 10). Datagrams never block; messages are capped at 2048 bytes.
 */
public final class SyslogNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogNotifier.class);
    private static final int FACILITY = 10;
    private static final int MAX = 2048;

    private final InetSocketAddress target;
    private final String hostname;
    private final Clock clock;
    private final DatagramSocket socket;
    private final LongAdder failed = new LongAdder();

    public SyslogNotifier(InetSocketAddress target, String hostname, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.hostname = hostname == null || hostname.isBlank() ? "-" : hostname.replaceAll("[^\\x21-\\x7e]", "").substring(0, Math.min(255, hostname.length()));
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.socket = new DatagramSocket();
        } catch (IOException e) {
            throw new PalisadeException(io.palisade.core.ErrorCode.INTERNAL, "cannot open a UDP socket for syslog", e);
        }
    }

    /** Builds the RFC 5424 line for an alert. */
    public String format(Alert a) {
        int severity = switch (a.severity()) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
        };
        int pri = FACILITY * 8 + severity;
        String ts = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
        String sd = "[palisade@32473 alert=\"" + sdEscape(a.id()) + "\" type=\"" + sdEscape(a.type()) + "\" subject=\""
                + sdEscape(a.subject()) + "\" severity=\"" + a.severity().label() + "\" state=\""
                + a.state().name().toLowerCase() + "\" count=\"" + a.count() + "\"]";
        String msg = "<" + pri + ">1 " + ts + " " + hostname + " palisade - " + "alert " + sd + " "
                + a.title().replaceAll("[\\r\\n]", " ");
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        return b.length <= MAX ? msg : new String(b, 0, MAX, StandardCharsets.UTF_8);
    }

    private static String sdEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    @Override
    public boolean notify(Alert alert) {
        byte[] b = format(alert).getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(b, Math.min(b.length, MAX), target));
            return true;
        } catch (IOException e) {
            failed.increment();
            LOG.warn("syslog send to {} failed: {}", target, e.getClass().getSimpleName());
            return false;
        }
    }

    public long failures() {
        return failed.sum();
    }

    @Override
    public void close() {
        socket.close();
    }
}
