package io.palisade.bench;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.palisade.edge.EdgeConfig;
import io.palisade.edge.internal.BrokerFiles;
import io.palisade.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The peer "bare HiveMQ CE embedded": the same broker and the same mutual-TLS listener configuration Palisade writes,
 * but no Palisade extension (no registry lookups, topic authorization, inspection or persistence of telemetry).
 *
 * <p>Usage: BareHiveMq WORK_DIR PORT SERVER_KEY SERVER_CRT CA_PEM
 */
public final class BareHiveMq {
    private BareHiveMq() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        PrivateKey key = Pem.readPrivateKey(Files.readString(Path.of(args[2]), StandardCharsets.US_ASCII));
        List<X509Certificate> chain = Pem.readCertificates(Files.readString(Path.of(args[3]), StandardCharsets.US_ASCII));
        List<X509Certificate> cas = Pem.readCertificates(Files.readString(Path.of(args[4]), StandardCharsets.US_ASCII));
        EdgeConfig cfg = new EdgeConfig(work, "127.0.0.1", port, key, chain, cas, 256 * 1024, 1_000_000, 1_000_000);
        BrokerFiles f = BrokerFiles.write(cfg, port);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(f.conf()).withDataFolder(f.data())
                .withExtensionsFolder(f.extensions()).build();
        hivemq.start().join();
        System.out.println("bare HiveMQ CE listening on " + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> hivemq.stop().join()));
        Thread.currentThread().join();
    }
}
