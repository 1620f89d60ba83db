package io.jrack.sdk;

import io.jrack.rack.ResourceInfo;
import io.jrack.rack.wire.WireResource;
import java.util.List;

/**
 * An app's resources ({@code convox resources}).
 */
final class ResourceCalls extends RackCalls {
  ResourceCalls(Http http) {
    super(http);
  }

  List<ResourceInfo> resourceList(String app) {
    return list("GET", "/apps/" + seg(app) + "/resources", WireResource.class).stream().map(WireResource::toResource).toList();
  }

  ResourceInfo resourceGet(String app, String name) {
    return get("/apps/" + seg(app) + "/resources/" + seg(name), WireResource.class).toResource();
  }
}
