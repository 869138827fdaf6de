package io.palisade.device;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** A second, independent MQTT client (user "observer") that records what arrives on a topic filter. */
final class Observer implements AutoCloseable {
    record Message(String topic, String payload) {
    }

    final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final Mqtt5BlockingClient client;

    Observer(TestPki pki, int port) throws Exception {
        KeyPair k = TestPki.newKey();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("o", k.getPrivate(), "x".toCharArray(),
                new Certificate[] {pki.issueClient("observer", k.getPublic())});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "x".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", pki.root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        client = MqttClient.builder().useMqttVersion5().identifier("observer")
                .serverHost("localhost").serverPort(port)
                .sslConfig(MqttClientSslConfig.builder().keyManagerFactory(kmf).trustManagerFactory(tmf).build())
                .buildBlocking();
        client.connect();
    }

    void subscribe(String filter) {
        client.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> received.add(new Message(p.getTopic().toString(),
                        new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))))
                .send().join();
    }

    void publish(String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    Message next(Duration timeout) throws InterruptedException {
        Message m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message arrived within " + timeout);
        }
        return m;
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
