package io.jrack.rack.embedded;

import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.store.Store;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rack parameters in force: the defaults with what users set over them. A change is checked
 * against each parameter's rule and against the running apps, then stored and handed to the listener
 * (the router applies its limits that way).
 */
final class StoredParams {
  private final RackParams params;
  private final Store store;
  private final Promoter promoter;
  private final Releases releases;
  private volatile Consumer<Map<String, String>> listener = p -> {};

  StoredParams(RackParams params, Store store, Promoter promoter, Releases releases) {
    this.params = params;
    this.store = store;
    this.promoter = promoter;
    this.releases = releases;
  }

  Map<String, String> get() {
    Map<String, String> out = params.defaults();
    out.putAll(store.params());
    return out;
  }

  void set(Map<String, String> values) {
    if (values.isEmpty()) {
      throw ProviderException.badRequest("no parameters given (expected: Key=Value ...)");
    }
    params.validate(values);
    if ("No".equals(values.get("Internal"))) {
      for (App a : store.apps()) {
        if (a.release() != null && promoter.hasInternal(a.name(), releases.get(a.name(), a.release()))) {
          throw ProviderException.badRequest("app %s has internal services: Internal must stay Yes while it runs them".formatted(a.name()));
        }
      }
    }
    store.putParams(values);
    listener.accept(get());
  }

  /** Called with all parameters now and after every change. */
  void onChange(Consumer<Map<String, String>> listener) {
    this.listener = listener;
    listener.accept(get());
  }
}
