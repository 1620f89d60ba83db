package io.jrack.tls;

import io.jrack.files.PrivateFiles;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA of the rack's own: {@code tls/ca.pem} (public, to trust) and {@code tls/ca.key} (0600, in a
 * 0700 directory). Trusting it trusts only what it may sign: it is name-constrained to the rack's
 * own names ({@link Scope}), signs no other CA (path length 0), and lasts {@link #CA_VALIDITY}.
 * At each start it is made anew when it expires within {@link #RENEW_BEFORE} or its names changed;
 * server certificates ({@link #LEAF_VALIDITY}) are then issued again by the new one, and clients
 * that trusted the old CA must trust the new {@code ca.pem} ({@code convox rack ca}).
 */
public final class CertificateAuthority {
  private static final String SIGNATURE = "SHA256withECDSA";
  static final Duration CA_VALIDITY = Duration.ofDays(365);
  static final Duration LEAF_VALIDITY = Duration.ofDays(90);
  /** A CA or certificate expiring within this is replaced at start. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private final Path dir;
  private final KeyPair key;
  private final X509Certificate certificate;
  private final Clock clock;

  private CertificateAuthority(Path dir, KeyPair key, X509Certificate certificate, Clock clock) {
    this.dir = dir;
    this.key = key;
    this.certificate = certificate;
    this.clock = clock;
  }

  /**
   * Loads the CA from {@code rackDir/tls}, creating it the first time, and again when the kept one
   * expires within {@link #RENEW_BEFORE}, is not constrained to exactly {@code scope}, or predates
   * name constraints.
   */
  public static CertificateAuthority loadOrCreate(Path rackDir, String rackName, Scope scope) throws IOException {
    return loadOrCreate(rackDir, rackName, scope, Clock.systemUTC());
  }

  static CertificateAuthority loadOrCreate(Path rackDir, String rackName, Scope scope, Clock clock) throws IOException {
    Path dir = rackDir.resolve("tls");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path keyFile = dir.resolve("ca.key");
    Path certFile = dir.resolve("ca.pem");
    Instant now = clock.instant();
    try {
      if (Files.exists(keyFile) && Files.exists(certFile)) {
        X509Certificate kept = readCertificate(certFile);
        if (kept.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE)) && scope.equals(Scope.of(kept))) {
          return new CertificateAuthority(dir, readKey(keyFile), kept, clock);
        }
      }
      KeyPair key = newKey();
      X500Name name = new X500Name("CN=jrack " + rackName + " CA,O=jrack");
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(CA_VALIDITY)), name, key.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
      // RFC 5280 4.2.1.10: conforming CAs mark name constraints critical.
      b.addExtension(Extension.nameConstraints, true, scope.nameConstraints());
      X509Certificate cert = sign(b, key.getPrivate());
      PrivateFiles.write(keyFile, pkcs8(key.getPrivate()));
      Files.writeString(certFile, KeyedCertificate.pem(cert), StandardCharsets.UTF_8);
      return new CertificateAuthority(dir, key, cert, clock);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("could not create the rack's certificate authority: " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return KeyedCertificate.pem(certificate);
  }

  public Path certificateFile() {
    return dir.resolve("ca.pem");
  }

  /** The router's certificate and key for {@code names}; reissued when the names differ from the kept one. */
  public Issued issue(List<String> names) throws IOException {
    return issue("server", names);
  }

  /**
   * A certificate and key kept as {@code tls/<purpose>.pem|.key}, for {@code names} (host names or
   * IP addresses); reissued when the names differ from the kept one.
   */
  public Issued issue(String purpose, List<String> names) throws IOException {
    Path keyFile = dir.resolve(purpose + ".key");
    Path certFile = dir.resolve(purpose + ".pem");
    try {
      if (Files.exists(keyFile) && Files.exists(certFile)) {
        X509Certificate existing = readCertificate(certFile);
        if (namesOf(existing).equals(names) && existing.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE))
            && signedByThis(existing)) {
          return new Issued(readKey(keyFile).getPrivate(), existing, certificate);
        }
      }
      KeyPair serverKey = newKey();
      Instant now = clock.instant();
      // Never past the CA's own end: a client would refuse the rest anyway.
      Instant end = java.util.Collections.min(List.of(now.plus(LEAF_VALIDITY), certificate.getNotAfter().toInstant()));
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(end), new X500Name("CN=" + names.get(0)), serverKey.getPublic());
      GeneralName[] san = names.stream()
          .map(n -> new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n)).toArray(GeneralName[]::new);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      X509Certificate cert = sign(b, key.getPrivate());
      PrivateFiles.write(keyFile, pkcs8(serverKey.getPrivate()));
      Files.writeString(certFile, KeyedCertificate.pem(cert), StandardCharsets.UTF_8);
      return new Issued(serverKey.getPrivate(), cert, certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("could not issue the router certificate: " + e.getMessage(), e);
    }
  }

  /**
   * A certificate for {@code domains} ({@code convox certs generate}), kept by the caller rather than in
   * {@code tls/}; it lasts {@link #LEAF_VALIDITY}, and no longer than the CA. A name outside the CA's
   * scope is refused ({@link IllegalArgumentException} with the names it may sign): clients would
   * refuse such a certificate anyway, the CA being name-constrained.
   */
  public KeyedCertificate sign(List<String> domains) throws IOException {
    Scope scope = Scope.of(certificate);
    for (String d : domains) {
      if (scope == null || !scope.permits(d)) {
        throw new IllegalArgumentException(("domain: \"%s\" (expected: a name the rack's CA may sign: %s, or a name under one;"
            + " import a certificate for other names with convox certs import)").formatted(d,
            scope == null ? "none" : String.join(", ", new java.util.TreeSet<>(scope.dnsNames()))));
      }
    }
    try {
      KeyPair k = newKey();
      Instant now = clock.instant();
      Instant end = java.util.Collections.min(List.of(now.plus(LEAF_VALIDITY), certificate.getNotAfter().toInstant()));
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(end), new X500Name("CN=" + domains.get(0)), k.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(domains.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new KeyedCertificate(List.of(sign(b, key.getPrivate()), certificate), k.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("could not sign a certificate for " + domains + ": " + e.getMessage(), e);
    }
  }

  /** False for a certificate of an earlier CA of this rack (renewed since). */
  private boolean signedByThis(X509Certificate cert) {
    try {
      cert.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean isAddress(String name) {
    return name.matches("[0-9.]+") || name.contains(":");
  }

  /** A server certificate with its key and the CA that signed it. */
  public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {}

  private static List<String> namesOf(X509Certificate cert) throws java.security.cert.CertificateParsingException {
    List<String> out = new ArrayList<>();
    if (cert.getSubjectAlternativeNames() != null) {
      for (List<?> entry : cert.getSubjectAlternativeNames()) {
        out.add(String.valueOf(entry.get(1)).replace("0:0:0:0:0:0:0:1", "::1"));
      }
    }
    return out;
  }

  private static KeyPair newKey() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(128, new SecureRandom());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws OperatorCreationException, GeneralSecurityException {
    ContentSigner s = new JcaContentSignerBuilder(SIGNATURE).build(signer);
    X509CertificateHolder holder = b.build(s);
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  /** PKCS#8 keeps the curve with the key, so the key reads back on any JDK. */
  private static String pkcs8(PrivateKey key) {
    try {
      return KeyedCertificate.pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair readKey(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
      Object o = p.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        // An EC key written alone carries no public part; only the private key is needed to sign.
        return kp.getPublicKeyInfo() == null ? new KeyPair(null, c.getPrivateKey(kp.getPrivateKeyInfo())) : c.getKeyPair(kp);
      }
      if (o instanceof PrivateKeyInfo info) {
        PrivateKey pk = c.getPrivateKey(info);
        return new KeyPair(null, pk);
      }
      throw new IOException("unreadable key in " + file);
    }
  }

  private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
      return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
    }
  }
}
