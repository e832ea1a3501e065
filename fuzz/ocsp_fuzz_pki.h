/*
 * The OCSP fuzz target's certificate and issuer: an EC P-256 CA "Fuzz OCSP
 * CA" and a leaf "Fuzz OCSP Leaf" (serial 0x1234, with AIA and CRL
 * distribution point URLs), valid from 2026-12-02 to 2046. The seeds of
 * corpus/ocsp were made by `openssl ocsp` with the CA's key and with a
 * delegated responder's (id-kp-OCSPSigning, id-pkix-ocsp-nocheck, carried
 * in the responses), answering at 2026-12-02T00:07Z with a 7-day window;
 * the keys themselves are not kept.
 */
#ifndef ESEAL_FUZZ_OCSP_FUZZ_PKI_H
#define ESEAL_FUZZ_OCSP_FUZZ_PKI_H

/* 2026-12-03T00:00:00Z: inside the seeds' windows. */
#define FUZZ_OCSP_CLOCK 1796256000

static const char kFuzzOcspCa[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBfjCCASOgAwIBAgIBATAKBggqhkjOPQQDAjAmMQ0wCwYDVQQKDARGdXp6MRUw\n"
    "EwYDVQQDDAxGdXp6IE9DU1AgQ0EwHhcNMjYxMjAyMDAwNzA0WhcNNDYxMTI3MDAw\n"
    "NzA0WjAmMQ0wCwYDVQQKDARGdXp6MRUwEwYDVQQDDAxGdXp6IE9DU1AgQ0EwWTAT\n"
    "BgcqhkjOPQIBBggqhkjOPQMBBwNCAAQMjAOjdbtIfnahXtmgc8X4c5HLe2BAZYI1\n"
    "RSG15Tkes5pBK+dym/p880Wu7OiQGbQoD2Y+ogt24Fz8BDE/GKgio0IwQDAPBgNV\n"
    "HRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQUXteRBGdaZpyL\n"
    "JvqKvne2/Cv09EwwCgYIKoZIzj0EAwIDSQAwRgIhAKb8gOHynZQnddW7J8vIjRKy\n"
    "jYlrKwGZjmDI2MiyVsWyAiEAwGstgcDTXys0qnDj8kUMVZTytoWR7Qkqf+OChC9R\n"
    "1O4=\n"
    "-----END CERTIFICATE-----\n";

static const char kFuzzOcspLeaf[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIICLzCCAdagAwIBAgICEjQwCgYIKoZIzj0EAwIwJjENMAsGA1UECgwERnV6ejEV\n"
    "MBMGA1UEAwwMRnV6eiBPQ1NQIENBMB4XDTI2MTIwMjAwMDcwNVoXDTQ2MDEzMTAw\n"
    "MDcwNVowKDENMAsGA1UECgwERnV6ejEXMBUGA1UEAwwORnV6eiBPQ1NQIExlYWYw\n"
    "WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATh8bJzHEkcNwv6vvTP9q7NKpdfRKuP\n"
    "FfEb8SRxf86qfxoLAqAQjOKqnxvN5UYVUu7+5MS98p6Z1NFYg/OdKxyEo4HxMIHu\n"
    "MAkGA1UdEwQCMAAwDgYDVR0PAQH/BAQDAgbAMGAGCCsGAQUFBwEBBFQwUjAlBggr\n"
    "BgEFBQcwAYYZaHR0cDovL29jc3AuZnV6ei5leGFtcGxlLzApBggrBgEFBQcwAoYd\n"
    "aHR0cDovL2NhLmZ1enouZXhhbXBsZS9jYS5jcnQwLwYDVR0fBCgwJjAkoCKgIIYe\n"
    "aHR0cDovL2NybC5mdXp6LmV4YW1wbGUvY2EuY3JsMB0GA1UdDgQWBBR7e+O2KiXR\n"
    "yPY81CitAjdBKHbi8DAfBgNVHSMEGDAWgBRe15EEZ1pmnIsm+oq+d7b8K/T0TDAK\n"
    "BggqhkjOPQQDAgNHADBEAiBi85xrndzl+c6smSwpJVAMxp3Kv999gY7FPrOvwuox\n"
    "BwIgD3ETWjyuaM76XJxrLvKsOqEvPkrT3u/nSHh9nD2cR0U=\n"
    "-----END CERTIFICATE-----\n";

#endif
