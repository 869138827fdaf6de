package io.palisade.core.identity;

public enum CertificateStatus { VALID, REVOKED }
