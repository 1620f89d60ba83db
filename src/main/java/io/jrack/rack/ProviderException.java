package io.jrack.rack;

/**
 * A request the rack refuses, with a message meant for the user and the kind of refusal (which the
 * API maps to an HTTP status and the SDK maps back).
 */
public class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request failed; {@code status} is the HTTP status the API answers with. */
  public enum Kind {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    UNAVAILABLE(503),
    INSUFFICIENT_STORAGE(507),
    INTERNAL(500);

    public final int status;

    Kind(int status) {
      this.status = status;
    }

    public static Kind of(int status) {
      for (Kind k : values()) {
        if (k.status == status) {
          return k;
        }
      }
      return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
  }

  private final Kind kind;

  public ProviderException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static ProviderException notFound(String message) {
    return new ProviderException(Kind.NOT_FOUND, message);
  }

  public static ProviderException badRequest(String message) {
    return new ProviderException(Kind.BAD_REQUEST, message);
  }

  public static ProviderException conflict(String message) {
    return new ProviderException(Kind.CONFLICT, message);
  }
}
