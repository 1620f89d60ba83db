/**
 * The rack's own certificate authority (BouncyCastle): created on first start, kept private in
 * the rack's directory, printable so users can trust it, and used to sign the router's
 * certificate for {@code *.<RouterHost>}. It is name-constrained to the rack's own names
 * ({@link io.jrack.tls.Scope}) and short-lived, renewed at start. It also signs {@code convox certs
 * generate}'s certificates, for its own names only; {@link io.jrack.tls.KeyedCertificate} reads and
 * checks the ones users import.
 */
package io.jrack.tls;
