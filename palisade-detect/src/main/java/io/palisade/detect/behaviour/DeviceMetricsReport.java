package io.palisade.detect.behaviour;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's metrics report on {@code palisade/v1/d/<id>/metrics}, e.g.
 * <pre>{"interval":60,"bytes_in":1200,"bytes_out":800,"packets_in":20,"packets_out":18,
 *  "listening_ports":[443],"connections":2,"destinations":["203.0.113.5:443"]}</pre>
 * Parsing is strict: at most {@value #MAX_BYTES} bytes, only the fields above (all optional, none repeated),
 * counters are non-negative integers up to 10^15, {@code interval} 1-3600 seconds, at most
 * {@value #MAX_ARRAY} ports and destinations, ports 1-65535, destinations literal {@code ip:port}.
 */
public record DeviceMetricsReport(Long intervalSeconds, Long bytesIn, Long bytesOut, Long packetsIn,
        Long packetsOut, List<Integer> listeningPorts, Long connections, List<Endpoint> destinations) {
    public static final int MAX_BYTES = 16 * 1024;
    public static final int MAX_ARRAY = 256;
    private static final long MAX_COUNTER = 1_000_000_000_000_000L;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(MAX_BYTES)
                    .maxNumberLength(32).build())
            .build();

    public DeviceMetricsReport {
        listeningPorts = listeningPorts == null ? List.of() : List.copyOf(listeningPorts);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** Parses a report; any violation yields a {@link PalisadeException} (invalid input or payload too large). */
    public static DeviceMetricsReport parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw PalisadeException.invalid("metrics report is empty");
        }
        if (json.length > MAX_BYTES) {
            throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "metrics report is " + json.length + " bytes; the limit is " + MAX_BYTES);
        }
        Long interval = null;
        Long bytesIn = null;
        Long bytesOut = null;
        Long packetsIn = null;
        Long packetsOut = null;
        Long connections = null;
        List<Integer> ports = null;
        List<Endpoint> dests = null;
        Set<String> seen = new HashSet<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw PalisadeException.invalid("metrics report must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!seen.add(name)) {
                    throw PalisadeException.invalid("metrics report repeats field '" + Metric.abbreviate(name) + "'");
                }
                p.nextToken();
                switch (name) {
                    case "interval" -> {
                        interval = counter(p, name);
                        if (interval < 1 || interval > 3600) {
                            throw PalisadeException.invalid("metrics report field 'interval' must be 1-3600 seconds");
                        }
                    }
                    case "bytes_in" -> bytesIn = counter(p, name);
                    case "bytes_out" -> bytesOut = counter(p, name);
                    case "packets_in" -> packetsIn = counter(p, name);
                    case "packets_out" -> packetsOut = counter(p, name);
                    case "connections" -> connections = counter(p, name);
                    case "listening_ports" -> ports = ports(p);
                    case "destinations" -> dests = destinations(p);
                    default -> throw PalisadeException.invalid("metrics report has unknown field '"
                            + Metric.abbreviate(name) + "'; known: interval, bytes_in, bytes_out, packets_in,"
                            + " packets_out, listening_ports, connections, destinations");
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw PalisadeException.invalid("metrics report is not a well-formed JSON object");
            }
            if (p.nextToken() != null) {
                throw PalisadeException.invalid("metrics report has content after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PalisadeException pe) {
                throw pe;
            }
            throw PalisadeException.invalid("metrics report is not valid JSON: " + firstLine(e.getMessage()));
        }
        return new DeviceMetricsReport(interval, bytesIn, bytesOut, packetsIn, packetsOut, ports, connections, dests);
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "syntax error";
        }
        int nl = m.indexOf('\n');
        String s = nl >= 0 ? m.substring(0, nl) : m;
        return Metric.abbreviate(s.length() > 160 ? s.substring(0, 160) : s);
    }

    private static long counter(JsonParser p, String name) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw PalisadeException.invalid("metrics report field '" + name + "' must be a non-negative integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw PalisadeException.invalid("metrics report field '" + name + "' is absurdly large");
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw PalisadeException.invalid("metrics report field '" + name + "' must not be negative");
        }
        if (v > MAX_COUNTER) {
            throw PalisadeException.invalid("metrics report field '" + name + "' is absurdly large (limit 10^15)");
        }
        return v;
    }

    private static List<Integer> ports(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw PalisadeException.invalid("metrics report field 'listening_ports' must be an array of ports");
        }
        List<Integer> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (out.size() >= MAX_ARRAY) {
                throw PalisadeException.invalid("metrics report lists more than " + MAX_ARRAY + " listening ports");
            }
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw PalisadeException.invalid("metrics report 'listening_ports' entries must be integers 1-65535");
            }
            long v = p.getLongValue();
            if (v < 1 || v > 65535) {
                throw PalisadeException.invalid("metrics report 'listening_ports' entries must be integers 1-65535");
            }
            out.add((int) v);
        }
        return out;
    }

    private static List<Endpoint> destinations(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw PalisadeException.invalid("metrics report field 'destinations' must be an array of 'ip:port' strings");
        }
        List<Endpoint> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (out.size() >= MAX_ARRAY) {
                throw PalisadeException.invalid("metrics report lists more than " + MAX_ARRAY + " destinations");
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw PalisadeException.invalid("metrics report 'destinations' entries must be 'ip:port' strings");
            }
            out.add(Endpoint.parse(p.getText()));
        }
        return out;
    }
}
