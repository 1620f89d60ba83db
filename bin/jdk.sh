# Sourced by bin/convox, bin/test and .ci/run: finds a JDK >= 21 and exports JAVA_HOME (and
# JRACK_JAVA_MAJOR, its major version).
# Order: $JAVA_HOME when it is >= 21, then the newest JDK under /usr/lib/jvm, then java on PATH.
# Shell builtins and no subshells on the usual path: every process started here costs milliseconds on
# a busy machine, and bin/convox runs this before each CLI command.

# Sets _jrack_v to field $2 of the JDK's `release` file at $1 (e.g. JAVA_VERSION), or to "".
_jrack_release_field() {
  local line
  _jrack_v=""
  [ -f "$1/release" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      "$2="*) _jrack_v=${line#"$2="}; _jrack_v=${_jrack_v#\"}; _jrack_v=${_jrack_v%\"}; return 0 ;;
    esac
  done <"$1/release"
}

# Sets _jrack_v to the major version of the JDK at $1: from its `release` file, else by asking java (slow).
_jrack_major() {
  _jrack_release_field "$1" JAVA_VERSION
  if [ -z "$_jrack_v" ]; then
    _jrack_v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  _jrack_v=${_jrack_v%%.*}
}

# The major version of the JDK at $1, printed.
jrack_java_major() {
  _jrack_major "$1"
  echo "$_jrack_v"
}

# Field $2 of the JDK's `release` file at $1, printed ("" when there is none).
jrack_release_field() {
  _jrack_release_field "$1" "$2"
  echo "$_jrack_v"
}

# Sets the array JRACK_RACK_FLAGS to the JVM flags of a rack, for $JAVA_HOME (bin/convox starts racks
# with them; bench/router runs its router with them, since a rack's router runs in the rack's JVM).
# The memory (docs/PERFORMANCE.md, "Rack footprint"): serial GC, whose heap stays near what is live
# (Parallel GC's young generation grew to 30-50 MB and stayed resident, idle or after router traffic;
# the router's CPU per request measured the same with both), a heap that starts small, a smaller code
# cache reservation, freed native memory given back to the OS every 2 s (glibc kept 15-25 MB of free
# malloc arena pages resident) and, from JDK 25 on, compact object headers (JEP 519).
# JRACK_RACK_GC=parallel brings back the throughput collector. Netty's leak detection is off: it
# samples buffers and touches them on the router's hot path.
jrack_rack_flags() {
  local gc
  case "${JRACK_RACK_GC:-serial}" in parallel) gc=-XX:+UseParallelGC ;; *) gc=-XX:+UseSerialGC ;; esac
  JRACK_RACK_FLAGS=("$gc" -Xms16m -XX:ReservedCodeCacheSize=64m -Dio.netty.leakDetection.level=disabled)
  # Periodic trimming arrived in 21.0.1 (an unknown -XX flag would stop the JVM).
  _jrack_release_field "$JAVA_HOME" JAVA_RUNTIME_VERSION
  case "$_jrack_v" in 21|21+*|21-*) ;; *) JRACK_RACK_FLAGS+=(-XX:TrimNativeHeapInterval=2000) ;; esac
  if [ "$JRACK_JAVA_MAJOR" -ge 25 ]; then JRACK_RACK_FLAGS+=(-XX:+UseCompactObjectHeaders); fi
}

# Sets _jrack_jdk to the JDK to use and _jrack_jdk_major to its major version; fails when there is none.
_jrack_find_jdk() {
  local candidate
  _jrack_jdk=""; _jrack_jdk_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    _jrack_major "$JAVA_HOME"
    if [ "${_jrack_v:-0}" -ge 21 ] 2>/dev/null; then _jrack_jdk=$JAVA_HOME; _jrack_jdk_major=$_jrack_v; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    _jrack_major "$candidate"
    if [ "${_jrack_v:-0}" -ge 21 ] 2>/dev/null && [ "$_jrack_v" -gt "$_jrack_jdk_major" ]; then
      _jrack_jdk=$candidate; _jrack_jdk_major=$_jrack_v
    fi
  done
  if [ -z "$_jrack_jdk" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    _jrack_major "$candidate"
    if [ "${_jrack_v:-0}" -ge 21 ] 2>/dev/null; then _jrack_jdk=$candidate; _jrack_jdk_major=$_jrack_v; fi
  fi
  [ -n "$_jrack_jdk" ]
}

if ! _jrack_find_jdk; then
  echo "jrack needs a JDK 21 or newer: set JAVA_HOME, or install one (Debian: apt-get install openjdk-21-jdk-headless)." >&2
  exit 1
fi
export JAVA_HOME=$_jrack_jdk JRACK_JAVA_MAJOR=$_jrack_jdk_major
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on a JDK >= 24 warns about sun.misc.Unsafe on every run; the flag only exists from 23 on.
if [ "$JRACK_JAVA_MAJOR" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
