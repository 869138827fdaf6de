package io.palisade.tuf;

import java.nio.file.Path;

/** Lets tests in other packages build a {@link TestRepo} on disk. */
public final class TestRepoAccess {
    private TestRepoAccess() {
    }

    /** Writes a repository with one target (at version 2 of every role) under {@code dir}; returns the initial root. */
    public static byte[] writeRepository(Path dir, String targetPath, String content) throws Exception {
        TestRepo repo = new TestRepo();
        repo.addTarget("targets", targetPath, content);
        repo.expires.replaceAll((role, e) -> java.time.Instant.now().plus(java.time.Duration.ofDays(30)));
        repo.bump("root");
        repo.publishRoot();
        repo.bumpAndPublish();
        repo.writeTo(dir);
        return repo.initialRoot;
    }
}
