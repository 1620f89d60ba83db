# Sourced by bin/convox, bin/test and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME when it is >= 21, then the newest JDK under /usr/lib/jvm, then java on PATH.

# The major version of the JDK at $1: from its `release` file (instant), else by asking java (slow).
jrack_java_major() {
  local v=""
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  echo "${v%%.*}"
}

jrack_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(jrack_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(jrack_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(jrack_java_major "$candidate")
    [ "${major:-0}" -ge 21 ] 2>/dev/null && best="$candidate"
  fi
  [ -n "$best" ] || return 1
  echo "$best"
}

if ! JAVA_HOME=$(jrack_find_jdk); then
  echo "jrack needs a JDK 21 or newer: set JAVA_HOME, or install one (Debian: apt-get install openjdk-21-jdk-headless)." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on a JDK >= 24 warns about sun.misc.Unsafe on every run; the flag only exists from 23 on.
if [ "$(jrack_java_major "$JAVA_HOME")" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
