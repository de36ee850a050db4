package dev.bulkfetch.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Certificates made at test time with BouncyCastle, for TLS tests against the embedded testbed: a private CA
 * ({@link #authority}), server certificates it signs for given DNS names and IP literals (subject alternative
 * names), an expired one, and a self-signed one. Keys are EC P-256: quick to make, and every JDK TLS
 * version accepts them.
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority("bulkfetch test CA");
 * HttpTestbedConfig https = HttpTestbedConfig.builder()
 *         .tls(ca.issue("www.bulkfetch.test", "127.0.0.1").serverContext()).build();
 * HttpEngineConfig trusting = HttpEngineConfig.builder().caFile(ca.writePem(tempDir)).build();
 * }</pre>
 *
 * <p>The client trusts a private CA through {@link HttpEngineConfig.Builder#caFile}, exactly as a user
 * would with a PEM file; no test seam in the engine.
 */
final class TestCertificates {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A certificate, its private key, and the chain a server presents (the certificate first). */
    record Issued(PrivateKey key, X509Certificate certificate, List<X509Certificate> chain) {

        /** A server-side Netty context presenting this certificate, e.g. for {@code HttpTestbedConfig.tls}. */
        SslContext serverContext() {
            try {
                return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)).build();
            } catch (SSLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A private certificate authority: a self-signed CA certificate and the key that signs what it issues. */
    static final class Authority {
        private final KeyPair keys;
        private final X509Certificate certificate;

        private Authority(KeyPair keys, X509Certificate certificate) {
            this.keys = keys;
            this.certificate = certificate;
        }

        X509Certificate certificate() {
            return certificate;
        }

        /** A server certificate for these DNS names and IP literals, valid from an hour ago for a day. */
        Issued issue(String... names) {
            Instant now = Instant.now();
            return issue(now.minus(CLOCK_SKEW), now.plus(VALIDITY), names);
        }

        /** A server certificate for these names that expired yesterday. */
        Issued issueExpired(String... names) {
            Instant now = Instant.now();
            return issue(now.minus(VALIDITY.multipliedBy(2)), now.minus(VALIDITY), names);
        }

        private Issued issue(Instant notBefore, Instant notAfter, String... names) {
            KeyPair leaf = newKeyPair();
            X509Certificate cert = sign(certificate, keys.getPrivate(), leaf.getPublic(), names[0], notBefore, notAfter,
                    false, names);
            return new Issued(leaf.getPrivate(), cert, List.of(cert));
        }

        /** Writes the CA certificate as PEM into {@code dir} and returns the file, for {@code caFile}. */
        Path writePem(Path dir) {
            try {
                Path file = Files.createTempFile(dir, "ca-", ".pem");
                try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                     JcaPEMWriter pem = new JcaPEMWriter(out)) {
                    pem.writeObject(certificate);
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A new CA whose certificate names it {@code CN=commonName}. */
    static Authority authority(String commonName) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = sign(null, keys.getPrivate(), keys.getPublic(), commonName, now.minus(CLOCK_SKEW),
                now.plus(VALIDITY), true);
        return new Authority(keys, cert);
    }

    /** A server certificate for these names signed by its own key: no CA vouches for it. */
    static Issued selfSigned(String... names) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = sign(null, keys.getPrivate(), keys.getPublic(), names[0], now.minus(CLOCK_SKEW),
                now.plus(VALIDITY), false, names);
        return new Issued(keys.getPrivate(), cert, List.of(cert));
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs a certificate for {@code subjectKey}.
     *
     * @param issuer    the issuing CA's certificate, or null for a self-signed one
     * @param names     subject alternative names: IP literals become iPAddress entries, the rest dNSName
     */
    private static X509Certificate sign(X509Certificate issuer, PrivateKey signingKey, PublicKey subjectKey,
                                        String commonName, Instant notBefore, Instant notAfter, boolean ca,
                                        String... names) {
        X500Name subject = new X500Name("CN=" + commonName);
        X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer));
            }
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                        .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test certificate for " + commonName, e);
        }
    }

    private static GeneralNames subjectAltNames(String... names) {
        List<GeneralName> list = new ArrayList<>();
        for (String name : names) {
            boolean ip = name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
            list.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(list.toArray(GeneralName[]::new));
    }
}
