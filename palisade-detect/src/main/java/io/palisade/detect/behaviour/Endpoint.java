package io.palisade.detect.behaviour;

import io.palisade.core.PalisadeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A remote endpoint as a literal IP address and port, written {@code 203.0.113.5:443} or
 * {@code [2001:db8::1]:443}. Host names are refused (no DNS lookups ever happen here).
 */
public record Endpoint(String address, int port) {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw PalisadeException.invalid("port must be 1-65535");
        }
    }

    public static Endpoint parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 60) {
            throw PalisadeException.invalid("destination must be 'ip:port' (at most 60 characters)");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "': IPv6 must be written [addr]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
            if (!IPV6_CHARS.matcher(host).matches() || !host.contains(":")) {
                throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "': not an IPv6 literal");
            }
            try {
                host = InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "': not an IPv6 literal");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "' has no port: use ip:port");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
            if (!IPV4.matcher(host).matches()) {
                throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "': not an IPv4 literal");
            }
        }
        if (!portText.matches("[0-9]{1,5}")) {
            throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "': port must be 1-65535");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw PalisadeException.invalid("destination '" + Metric.abbreviate(text) + "': port must be 1-65535");
        }
        return new Endpoint(host, port);
    }

    public String text() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
