/**
 * Vulnerability handling core of Palisade (CRA Annex I Part II, ETSI EN 303 645 5.2/5.3, ISO/IEC 29147/30111).
 *
 * <ul>
 * <li>{@code version}: {@link io.palisade.vuln.version.Version} ordering and the
 * {@link io.palisade.vuln.version.VersionRange} family ({@code vers:}, OSV events, free text, exact) with a
 * {@link io.palisade.vuln.version.Confidence}.</li>
 * <li>{@code advisory}: the normalized {@link io.palisade.vuln.advisory.Advisory}, CSAF 2.0 and OSV parsers,
 * {@link io.palisade.vuln.ingest.AdvisoryIngestor} for files and CSAF provider directories (validate, then parse,
 * refuse what fails).</li>
 * <li>{@code validate}: offline JSON-schema validation of CSAF / OSV / CycloneDX / SPDX plus the CSAF 2.0 section 6.1
 * mandatory tests; {@link io.palisade.vuln.validate.ValidateCommand} is {@code vuln validate FILE}.</li>
 * <li>{@code sbom}: CycloneDX and SPDX 2.3 JSON to components.</li>
 * <li>{@code match}: {@link io.palisade.vuln.match.ExposureMatcher} from advisories to firmware versions and, through
 * the {@link io.palisade.vuln.match.FleetCounts} port, to device counts.</li>
 * <li>{@code publish}: our CSAF 2.0 advisories / VEX and CycloneDX VEX.</li>
 * <li>{@code disclosure}: disclosure policy and security.txt, report intake, case workflow, CRA Art. 14 clocks,
 * support periods (end of life).</li>
 * </ul>
 * All documents are read through {@link io.palisade.vuln.VulnJson} with size, depth and string limits; errors are
 * {@link io.palisade.core.PalisadeException}s with codes that map to HTTP statuses.
 */
package io.palisade.vuln;
