package io.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** The CLI's way to the running server: its local HTTP API, found through data-dir/server.json, with the admin token. */
public final class ApiClient {
    /** An error to show the user (stderr) with an exit code. */
    public static final class CliError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int exitCode;

        public CliError(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    public final JsonNode serverInfo;

    public ApiClient(Path dataDir) {
        Path info = dataDir.resolve(ServerFiles.SERVER_JSON);
        try {
            serverInfo = Json.MAPPER.readTree(Files.readString(info, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new CliError(3, "no running server found (" + info + " is missing): start one with './palisade server --data-dir " + dataDir + "'");
        } catch (IOException e) {
            throw new CliError(3, "cannot read " + info + ": " + e.getMessage());
        }
        base = URI.create(serverInfo.path("apiUrl").asText());
        try {
            token = Files.readString(dataDir.resolve(ServerFiles.ADMIN_TOKEN_FILE), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new CliError(3, "cannot read the admin token " + dataDir.resolve(ServerFiles.ADMIN_TOKEN_FILE) + ": " + e.getMessage());
        }
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public JsonNode post(String path, Object body) {
        try {
            String json = body == null ? "" : Json.MAPPER.writeValueAsString(body);
            return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode put(String path, String rawJson) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(rawJson)));
    }

    public JsonNode putJson(String path, Object body) {
        try {
            return put(path, Json.MAPPER.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streams a file as the request body (firmware images, MUD files, advisories). */
    public JsonNode upload(String path, Path file, String contentType) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (java.io.FileNotFoundException e) {
            throw new CliError(1, "cannot read " + file + ": no such file");
        }
    }

    public JsonNode putBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public JsonNode postRaw(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public JsonNode postText(String path, String text) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** A GET whose answer is text (nftables rulesets, HTML reports). */
    public String getText(String path) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10)).GET().build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (resp.statusCode() >= 400) {
                String detail = resp.body();
                try {
                    detail = Json.MAPPER.readTree(resp.body()).path("detail").asText(detail);
                } catch (IOException e) {
                    // not a problem document: show the text
                }
                throw new CliError(1, detail);
            }
            return resp.body();
        } catch (ConnectException e) {
            throw new CliError(3, "cannot reach the server at " + base + ": is it running? start it with './palisade server'");
        } catch (IOException e) {
            throw new CliError(3, "request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(130, "interrupted");
        }
    }

    public JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpRequest req = b.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(10)).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliError(3, "cannot reach the server at " + base + ": is it running? start it with './palisade server'");
        } catch (IOException e) {
            throw new CliError(3, "request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(130, "interrupted");
        }
        JsonNode body;
        try {
            body = resp.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new CliError(1, "server answered " + resp.statusCode() + " with a body that is not JSON");
        }
        if (resp.statusCode() >= 400) {
            String detail = body.path("detail").asText(body.path("title").asText("HTTP " + resp.statusCode()));
            throw new CliError(1, detail);
        }
        return body;
    }
}
