package io.jrack.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates and their keys in PEM, made with BouncyCastle, for the certificate tests. */
public final class SelfSignedCerts {
  private SelfSignedCerts() {}

  public record Pem(String cert, String key) {}

  /** An EC P-256 certificate for {@code names}, valid for the 60 days before {@code notAfter}. */
  public static Pem selfSigned(String cn, List<String> names, Instant notAfter) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair k = g.generateKeyPair();
    X500Name subject = new X500Name("CN=" + cn);
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
        Date.from(notAfter.minus(Duration.ofDays(60))), Date.from(notAfter), subject, k.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
    return new Pem(pem(cert), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k.getPrivate(), null).generate()));
  }

  private static String pem(Object o) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
