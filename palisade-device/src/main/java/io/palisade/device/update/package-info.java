/**
 * Firmware updates on the device: the TUF client workflow, an A/B slot install simulation and progress reports.
 *
 * <h2>Wire contract (the server implements exactly this)</h2>
 * <ul>
 *   <li>Command, platform → device, topic {@code palisade/v1/d/<id>/cmd/update}:
 *   {@code {"rollout":"ro-…","target":"acme-plug/1.4.2/fw.bin","version":"1.4.2"}}; {@code target} is the TUF target
 *   path, {@code version} the firmware version the signed custom metadata must carry. At most 4 KiB.</li>
 *   <li>Metadata is fetched from {@code <tufBaseUrl>/metadata/} ({@code N.root.json}, {@code timestamp.json},
 *   {@code N.snapshot.json}, {@code N.targets.json}: consistent snapshots) and the image from
 *   {@code <tufBaseUrl>/targets/<dirs>/<sha256>.<name>}, over HTTPS with mutual TLS: the device presents its own
 *   key and certificate, the platform root is the only trust anchor, the host name is verified. Images are
 *   downloaded with HTTP Range: when a transfer breaks, the device asks {@code Range: bytes=<bytes on disk>-} and
 *   expects {@code 206} with {@code Content-Range: bytes <start>-<end>/<length>} (a {@code 200} restarts from zero);
 *   length and every listed hash are verified over the whole file at the end.</li>
 *   <li>Status, device → platform, QoS 1 on {@code palisade/v1/d/<id>/update/status}:
 *   {@code {"rollout":"ro-…","version":"1.4.2","from":"1.4.1","step":"…","reason":"…","bytes":n,"at":"<ISO instant>"}}
 *   with {@code step} one of {@code received, downloading, verified, installing, rebooting, succeeded, failed,
 *   rolled-back}; {@code reason} is present for {@code failed} and {@code rolled-back} (and for a {@code succeeded}
 *   answer to a duplicate: "already installed").</li>
 *   <li>After a successful boot of the new image, an event on {@code palisade/v1/d/<id>/events}:
 *   {@code {"type":"boot","firmware":"1.4.2"}}.</li>
 * </ul>
 *
 * <h2>Device behaviour</h2>
 * One command at a time per device: a different command while one is running is answered {@code failed} with reason
 * {@code busy} (the server retries later); a redelivery of the running command is ignored; a command for the image
 * already running (same target and version) is answered {@code succeeded} without reinstalling. The device refuses,
 * with {@code failed} and the reason: metadata failing any TUF check (bad or missing signatures, below threshold,
 * revoked key, rollback, freeze, fast-forward, mix-and-match, endless data), a target for another model or outside its
 * hardware range, a version that is not newer than the running one, an image beyond its listed length or with other
 * bytes. A failure at any step leaves the running image untouched; an image that does not boot is rolled back.
 */
package io.palisade.device.update;
