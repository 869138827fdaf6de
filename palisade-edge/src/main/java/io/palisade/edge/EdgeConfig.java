package io.palisade.edge;

import io.palisade.core.PalisadeException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Broker configuration.
 *
 * @param workDir            the broker's own folder (configuration, key stores, persistence); the broker owns its content
 * @param bindAddress        address of the TLS listener
 * @param port               TLS listener port, 1-65535, or 0 to pick a free port at start
 * @param serverKey          private key of the TLS server identity
 * @param serverChain        certificate chain of the server identity, leaf first
 * @param trustedCas         CA certificates device certificates must chain to (at least one)
 * @param maxPacketBytes     largest MQTT packet accepted (also the largest telemetry payload), 256 B to 16 MiB
 * @param messagesPerSecond  sustained publish rate per device (token refill rate), &gt; 0
 * @param burst              token bucket size per device, &ge; 1
 */
public record EdgeConfig(Path workDir, String bindAddress, int port, PrivateKey serverKey, List<X509Certificate> serverChain,
        List<X509Certificate> trustedCas, int maxPacketBytes, double messagesPerSecond, int burst) {

    public static final int MIN_PACKET_BYTES = 256;
    public static final int MAX_PACKET_BYTES = 16 * 1024 * 1024;

    public EdgeConfig {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(serverKey, "serverKey");
        if (bindAddress == null || bindAddress.isBlank() || bindAddress.length() > 255
                || bindAddress.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'')) {
            throw PalisadeException.invalid("bindAddress must be a host name or IP address");
        }
        if (port < 0 || port > 65535) {
            throw PalisadeException.invalid("port must be 0 (pick a free port) or 1-65535, was " + port);
        }
        if (serverChain == null || serverChain.isEmpty() || serverChain.stream().anyMatch(Objects::isNull)) {
            throw PalisadeException.invalid("serverChain must hold the server certificate (leaf first)");
        }
        if (trustedCas == null || trustedCas.isEmpty() || trustedCas.stream().anyMatch(Objects::isNull)) {
            throw PalisadeException.invalid("trustedCas must hold at least one CA certificate");
        }
        if (maxPacketBytes < MIN_PACKET_BYTES || maxPacketBytes > MAX_PACKET_BYTES) {
            throw PalisadeException.invalid("maxPacketBytes must be " + MIN_PACKET_BYTES + "-" + MAX_PACKET_BYTES + ", was " + maxPacketBytes);
        }
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond) || messagesPerSecond > 1_000_000) {
            throw PalisadeException.invalid("messagesPerSecond must be > 0 and at most 1000000");
        }
        if (burst < 1 || burst > 1_000_000) {
            throw PalisadeException.invalid("burst must be 1-1000000, was " + burst);
        }
        workDir = workDir.toAbsolutePath().normalize();
        serverChain = List.copyOf(serverChain);
        trustedCas = List.copyOf(trustedCas);
    }

    @Override
    public String toString() {
        return "EdgeConfig[workDir=" + workDir + ", bindAddress=" + bindAddress + ", port=" + port + ", serverKey=<redacted>, serverChain="
                + serverChain.size() + " cert(s), trustedCas=" + trustedCas.size() + " cert(s), maxPacketBytes=" + maxPacketBytes
                + ", messagesPerSecond=" + messagesPerSecond + ", burst=" + burst + "]";
    }
}
