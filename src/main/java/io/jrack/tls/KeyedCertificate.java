package io.jrack.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A server certificate with its private key and the chain that goes with it, as {@code convox certs
 * import} brings them in PEM (the certificate, the key, the intermediates): parsed, and checked that the
 * key is the certificate's and that it has not expired. {@link #toString} never shows the key.
 */
public record KeyedCertificate(List<X509Certificate> chain, PrivateKey key) {

  public KeyedCertificate {
    chain = List.copyOf(chain);
  }

  /** The server's own certificate (the first of the chain). */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * Reads {@code pub} (the certificate, then any intermediates), {@code key} and {@code chain} (more
   * intermediates; may be null), all PEM. Throws {@link IllegalArgumentException} saying what is wrong
   * and the rule: unreadable PEM, no certificate, no key, a key not the certificate's, an expired certificate.
   */
  public static KeyedCertificate parse(String pub, String key, String chain, Instant now) {
    List<X509Certificate> certs = new ArrayList<>(certificates(pub, "pub"));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("pub: no certificate (expected: a PEM \"-----BEGIN CERTIFICATE-----\" block)");
    }
    if (chain != null && !chain.isBlank()) {
      certs.addAll(certificates(chain, "chain"));
    }
    PrivateKey k = privateKey(key);
    X509Certificate leaf = certs.get(0);
    if (!matches(k, leaf)) {
      throw new IllegalArgumentException("key: not the key of the certificate for " + String.join(", ", domains(leaf))
          + " (expected: the private key the certificate was issued for)");
    }
    if (!leaf.getNotAfter().toInstant().isAfter(now)) {
      throw new IllegalArgumentException("pub: the certificate for " + String.join(", ", domains(leaf)) + " expired at "
          + leaf.getNotAfter().toInstant() + " (expected: a certificate valid now)");
    }
    return new KeyedCertificate(certs, k);
  }

  /** Reads what {@link #keyPem} and {@link #chainPem} wrote (stored, already checked). */
  public static KeyedCertificate read(String chainPem, String keyPem) {
    return new KeyedCertificate(certificates(chainPem, "stored chain"), privateKey(keyPem));
  }

  /**
   * The names it serves: its DNS subject alternative names (wildcards as {@code *.example.com}), else its
   * subject's common name, lowercase and in the certificate's order.
   */
  public List<String> domains() {
    return domains(certificate());
  }

  public Instant expiration() {
    return certificate().getNotAfter().toInstant();
  }

  public String chainPem() {
    StringBuilder out = new StringBuilder();
    chain.forEach(c -> out.append(pem(c)));
    return out.toString();
  }

  public String keyPem() {
    try {
      return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "KeyedCertificate[" + String.join(",", domains()) + " until " + expiration() + "]";
  }

  static List<String> domains(X509Certificate cert) {
    Set<String> out = new LinkedHashSet<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> entry : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(entry.get(0))) {
            out.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
      if (out.isEmpty()) {
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            out.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException | InvalidNameException e) {
      throw new IllegalArgumentException("pub: unreadable names in the certificate (" + e.getMessage() + ")");
    }
    return List.copyOf(out);
  }

  /** Signs a challenge with the key and checks it with the certificate's public key: true only for a pair. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("key: a " + key.getAlgorithm() + " key (expected: RSA, EC or Ed25519)");
    };
    try {
      byte[] challenge = new byte[32];
      new java.security.SecureRandom().nextBytes(challenge);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(challenge);
      byte[] signed = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(challenge);
      return v.verify(signed);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> certificates(String pem, String field) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (!(o instanceof X509CertificateHolder h)) {
          throw new IllegalArgumentException(field + ": a " + kind(o) + " (expected: PEM \"CERTIFICATE\" blocks only)");
        }
        out.add(new JcaX509CertificateConverter().getCertificate(h));
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof IllegalArgumentException i && i.getMessage() != null && i.getMessage().startsWith(field + ":")) {
        throw i;
      }
      throw new IllegalArgumentException(field + ": unreadable PEM (" + e.getMessage() + ") (expected: PEM \"CERTIFICATE\" blocks)");
    }
    return out;
  }

  private static PrivateKey privateKey(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return c.getPrivateKey(kp.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return c.getPrivateKey(info);
      }
      throw new IllegalArgumentException("key: " + (o == null ? "no key" : "a " + kind(o))
          + " (expected: an unencrypted PEM private key, \"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\")");
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException i && i.getMessage() != null && i.getMessage().startsWith("key:")) {
        throw i;
      }
      throw new IllegalArgumentException("key: unreadable PEM (" + e.getMessage() + ") (expected: an unencrypted PEM private key)");
    }
  }

  /** What a PEM block holds, in words, for an error saying it is the wrong one. */
  private static String kind(Object o) {
    if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) {
      return "private key";
    }
    if (o instanceof X509CertificateHolder) {
      return "certificate";
    }
    if (o instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo || o instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair) {
      return "encrypted private key";
    }
    return o.getClass().getSimpleName().replace("Holder", "").replace("Info", "");
  }

  static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
