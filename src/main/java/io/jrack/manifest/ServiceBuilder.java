package io.jrack.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link Service}; every field starts at Convox's gen2 default. */
public final class ServiceBuilder {
  private final String name;
  private Position position = Position.UNKNOWN;
  private Build build = Build.DEFAULT;
  private String image;
  private Command command;
  private Port port;
  private List<PortSpec> ports = new ArrayList<>();
  private List<String> domains = new ArrayList<>();
  private List<EnvEntry> environment = new ArrayList<>();
  private Health health = Health.DEFAULT;
  private boolean internal;
  private boolean internalRouter;
  private boolean internalAndExternal;
  private List<Link> links = new ArrayList<>();
  private List<ResourceRef> resources = new ArrayList<>();
  private Scale scale = new Scale(1, 1, 256, Scale.DEFAULT_MEMORY, 0, null, null, null, Scale.Cooldown.DEFAULT, Scale.Targets.NONE, null, null);
  private Deployment deployment = Deployment.DEFAULT;
  private int drain = 30;
  private int terminationGrace = 30;
  private boolean sticky = true;
  private boolean singleton;
  private Agent agent = Agent.DISABLED;
  private boolean init;
  private int timeout = 60;
  private boolean tlsRedirect = true;
  private Map<String, String> annotations = new LinkedHashMap<>();
  private List<String> whitelist = new ArrayList<>();
  private String test;
  private List<Nlb> nlb = new ArrayList<>();
  private Liveness liveness = Liveness.NONE;
  private StartupProbe startupProbe = StartupProbe.NONE;
  private SecurityContext securityContext = SecurityContext.NONE;
  private Map<String, Object> extensions = new LinkedHashMap<>();

  ServiceBuilder(String name) {
    this.name = name;
  }

  public ServiceBuilder position(Position v) { position = v; return this; }
  public ServiceBuilder build(Build v) { build = v; return this; }
  public ServiceBuilder image(String v) { image = v; return this; }
  public ServiceBuilder command(Command v) { command = v; return this; }
  public ServiceBuilder port(Port v) { port = v; return this; }
  public ServiceBuilder port(int v) { port = new Port(v, Port.DEFAULT_SCHEME); return this; }
  public ServiceBuilder ports(List<PortSpec> v) { ports = new ArrayList<>(v); return this; }
  public ServiceBuilder domains(List<String> v) { domains = new ArrayList<>(v); return this; }
  public ServiceBuilder environment(List<EnvEntry> v) { environment = new ArrayList<>(v); return this; }
  public ServiceBuilder health(Health v) { health = v; return this; }
  public ServiceBuilder internal(boolean v) { internal = v; return this; }
  public ServiceBuilder internalRouter(boolean v) { internalRouter = v; return this; }
  public ServiceBuilder internalAndExternal(boolean v) { internalAndExternal = v; return this; }
  public ServiceBuilder links(List<Link> v) { links = new ArrayList<>(v); return this; }
  public ServiceBuilder link(String v) { links.add(Link.parse(v, Position.UNKNOWN)); return this; }
  public ServiceBuilder resources(List<ResourceRef> v) { resources = new ArrayList<>(v); return this; }
  public ServiceBuilder resource(String v) { resources.add(ResourceRef.parse(v, Position.UNKNOWN)); return this; }
  public ServiceBuilder scale(Scale v) { scale = v; return this; }
  public ServiceBuilder deployment(Deployment v) { deployment = v; return this; }
  public ServiceBuilder drain(int v) { drain = v; return this; }
  public ServiceBuilder terminationGrace(int v) { terminationGrace = v; return this; }
  public ServiceBuilder sticky(boolean v) { sticky = v; return this; }
  public ServiceBuilder singleton(boolean v) { singleton = v; return this; }
  public ServiceBuilder agent(Agent v) { agent = v; return this; }
  public ServiceBuilder init(boolean v) { init = v; return this; }
  public ServiceBuilder timeout(int v) { timeout = v; return this; }
  public ServiceBuilder tlsRedirect(boolean v) { tlsRedirect = v; return this; }
  public ServiceBuilder annotations(Map<String, String> v) { annotations = new LinkedHashMap<>(v); return this; }
  public ServiceBuilder whitelist(List<String> v) { whitelist = new ArrayList<>(v); return this; }
  public ServiceBuilder test(String v) { test = v; return this; }
  public ServiceBuilder nlb(List<Nlb> v) { nlb = new ArrayList<>(v); return this; }
  public ServiceBuilder liveness(Liveness v) { liveness = v; return this; }
  public ServiceBuilder startupProbe(StartupProbe v) { startupProbe = v; return this; }
  public ServiceBuilder securityContext(SecurityContext v) { securityContext = v; return this; }
  public ServiceBuilder extension(String key, Object value) { extensions.put(key, value); return this; }

  public Service build() {
    return new Service(
        name, position, image != null ? null : build, image, command, port, List.copyOf(ports),
        List.copyOf(domains), List.copyOf(environment), health, internal, internalRouter, internalAndExternal,
        List.copyOf(links), List.copyOf(resources), scale, deployment, drain, terminationGrace,
        sticky, singleton, agent, init, timeout, tlsRedirect,
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations)),
        List.copyOf(whitelist), test, List.copyOf(nlb), liveness, startupProbe, securityContext,
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions)));
  }
}
