package io.palisade.edge.internal;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.files.OwnerOnlyFiles;
import io.palisade.edge.EdgeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Writes the broker's working files: {@code conf/config.xml}, {@code conf/server.p12} (server identity),
 * {@code conf/trust.p12} (device CAs), empty {@code extensions/}, and {@code data/} for persistence. Key stores get a
 * fresh random password on every start and are written owner-only (0600).
 */
public final class BrokerFiles {
    public static final String LISTENER_NAME = "palisade-mtls";

    private final Path conf;
    private final Path data;
    private final Path extensions;

    private BrokerFiles(Path workDir) {
        this.conf = workDir.resolve("conf");
        this.data = workDir.resolve("data");
        this.extensions = workDir.resolve("extensions");
    }

    public static BrokerFiles write(EdgeConfig config, int port) {
        BrokerFiles f = new BrokerFiles(config.workDir());
        try {
            for (Path dir : new Path[] {config.workDir(), f.conf, f.data, f.extensions}) {
                OwnerOnlyFiles.privateDir(dir);
            }
            String storePassword = randomPassword();
            Path keyStore = f.conf.resolve("server.p12");
            Path trustStore = f.conf.resolve("trust.p12");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", config.serverKey(), storePassword.toCharArray(),
                    config.serverChain().toArray(new Certificate[0]));
            writeStore(ks, keyStore, storePassword);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate ca : config.trustedCas()) {
                ts.setCertificateEntry("ca-" + i++, ca);
            }
            writeStore(ts, trustStore, storePassword);
            String xml = configXml(config, port, keyStore, trustStore, storePassword);
            writePrivate(f.conf.resolve("config.xml"), xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | GeneralSecurityException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "cannot write the broker files in " + config.workDir() + ": " + e.getMessage(), e);
        }
        return f;
    }

    public Path conf() {
        return conf;
    }

    public Path data() {
        return data;
    }

    public Path extensions() {
        return extensions;
    }

    /** The HiveMQ configuration: one mutual-TLS listener, no plaintext listener, statistics off, file persistence. */
    static String configXml(EdgeConfig c, int port, Path keyStore, Path trustStore, String password) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by Palisade at every start; edits are overwritten. -->
                <hivemq>
                    <listeners>
                        <tls-tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <name>%s</name>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                                <truststore>
                                    <path>%s</path>
                                    <password>%s</password>
                                </truststore>
                                <handshake-timeout>10000</handshake-timeout>
                                <client-authentication-mode>REQUIRED</client-authentication-mode>
                                <protocols>
                                    <protocol>TLSv1.3</protocol>
                                    <protocol>TLSv1.2</protocol>
                                </protocols>
                            </tls>
                        </tls-tcp-listener>
                    </listeners>
                    <mqtt>
                        <packets>
                            <max-packet-size>%d</max-packet-size>
                        </packets>
                    </mqtt>
                    <restrictions>
                        <max-client-id-length>64</max-client-id-length>
                        <max-topic-length>1024</max-topic-length>
                        <no-connect-idle-timeout>10000</no-connect-idle-timeout>
                    </restrictions>
                    <security>
                        <allow-empty-client-id>
                            <enabled>false</enabled>
                        </allow-empty-client-id>
                        <utf8-validation>
                            <enabled>true</enabled>
                        </utf8-validation>
                    </security>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                    <persistence>
                        <mode>file</mode>
                    </persistence>
                </hivemq>
                """.formatted(port, xmlText(c.bindAddress()), LISTENER_NAME, xmlText(keyStore.toString()), password, password,
                xmlText(trustStore.toString()), password, c.maxPacketBytes());
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void writeStore(KeyStore store, Path target, String password) throws IOException, GeneralSecurityException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        store.store(bytes, password.toCharArray());
        writePrivate(target, bytes.toByteArray());
    }

    /** Writes via a 0600 temporary file in the same folder and an atomic move, so the content is never world-readable. */
    private static void writePrivate(Path target, byte[] content) throws IOException {
        OwnerOnlyFiles.writePrivate(target, content);
    }
}
