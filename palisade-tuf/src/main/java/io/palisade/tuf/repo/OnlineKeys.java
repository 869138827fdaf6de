package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The private keys of the online roles, kept on the server (never inside the served repository directory). Files:
 * {@code targets.key.pem}, {@code snapshot.key.pem}, {@code timestamp.key.pem} (0600; encrypted with the passphrase
 * when one is given).
 */
public record OnlineKeys(SigningKey targets, SigningKey snapshot, SigningKey timestamp) {
    public OnlineKeys {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static OnlineKeys generate(KeyType type) {
        return new OnlineKeys(SigningKey.generate(type), SigningKey.generate(type), SigningKey.generate(type));
    }

    /** The public keys to list in root, threshold 1 each. */
    public OnlineRoleKeys publicRoles() {
        return new OnlineRoleKeys(new RoleKeys(List.of(targets.publicKey()), 1),
                new RoleKeys(List.of(snapshot.publicKey()), 1), new RoleKeys(List.of(timestamp.publicKey()), 1));
    }

    public List<SigningKey> all() {
        return List.of(targets, snapshot, timestamp);
    }

    public void writeTo(Path dir, char[] passphrase) throws TufException {
        targets.writePem(dir.resolve("targets.key.pem"), passphrase);
        snapshot.writePem(dir.resolve("snapshot.key.pem"), passphrase);
        timestamp.writePem(dir.resolve("timestamp.key.pem"), passphrase);
    }

    public static OnlineKeys readFrom(Path dir, char[] passphrase) throws TufException {
        return new OnlineKeys(SigningKey.readPem(dir.resolve("targets.key.pem"), passphrase),
                SigningKey.readPem(dir.resolve("snapshot.key.pem"), passphrase),
                SigningKey.readPem(dir.resolve("timestamp.key.pem"), passphrase));
    }
}
