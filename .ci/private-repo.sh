# Sourced by the .ci checks that need the project's artifacts installed: a local repository of their own under
# target/ci-repo, so nothing is ever installed into the shared ~/.m2. What the private repository lacks is read
# from ~/.m2 as from a remote (read-only, no download), then from Maven Central.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRIVATE_REPO="${COGNIGY_CI_REPO:-$ROOT/target/ci-repo}"
CI_SETTINGS="$ROOT/target/ci-settings.xml"
SHARED_REPO="${HOME}/.m2/repository"

mkdir -p "$PRIVATE_REPO"
{
  echo '<settings><profiles><profile><id>warm-cache</id>'
  if [ -d "$SHARED_REPO" ]; then
    for kind in repository pluginRepository; do
      echo "<${kind/%y/ies}><$kind><id>warm-cache</id><url>file://$SHARED_REPO</url>"
      echo "<releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots></$kind></${kind/%y/ies}>"
    done
  fi
  echo '</profile></profiles><activeProfiles><activeProfile>warm-cache</activeProfile></activeProfiles></settings>'
} > "$CI_SETTINGS"

# Maven (the project's wrapper) with the private repository.
mvn_private() {
  "$ROOT/mvnw" -B -ntp -s "$CI_SETTINGS" -Dmaven.repo.local="$PRIVATE_REPO" "$@"
}

# The build's version, read from the root POM (the first <version> after the parent's artifactId).
project_version() {
  sed -n '/<artifactId>cognigy-junit-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' \
    "$ROOT/pom.xml" | head -1
}

# Installs the project's artifacts into the private repository unless they are there already.
ensure_installed() {
  local version; version="$(project_version)"
  if ! ls "$PRIVATE_REPO/dev/botsim/cognigy/cognigy-junit-engine/$version/"*.jar >/dev/null 2>&1; then
    echo "installing cognigy-junit $version into $PRIVATE_REPO"
    (cd "$ROOT" && mvn_private -q install -DskipTests)
  fi
}

# Counts of a Surefire/Failsafe reports directory, summed over its TEST-*.xml: "tests failures errors skipped".
report_counts() {
  local t=0 f=0 e=0 s=0 file head
  for file in "$1"/TEST-*.xml; do
    [ -e "$file" ] || continue
    head="$(grep -m1 -o '<testsuite [^>]*' "$file")"
    t=$((t + $(attr tests "$head"))); f=$((f + $(attr failures "$head")))
    e=$((e + $(attr errors "$head"))); s=$((s + $(attr skipped "$head")))
  done
  echo "$t $f $e $s"
}
attr() { local v; v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"; echo "${v:-0}"; }
