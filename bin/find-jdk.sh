# shellcheck shell=sh
# Sourced by bin/ftagent and ./mvnw: points JAVA_HOME at a JDK new enough for the build (FFM is final from 22; we target 25).
# Order: JAVA_HOME if it is new enough, then `java` on PATH, then the usual JVM folders
# (highest version wins). Reads each JDK's `release` file, so no JVM is started to ask.
# Class files are built with --release 25, so 22-24 would fail later with UnsupportedClassVersionError.
ftagent_required_java=25

ftagent_java_major() {
    # $1: a JDK home; sets ftagent_major to its feature version, or to nothing.
    # Shell builtins only, and no $(...) around the call: this runs for every JDK on the host at every start of
    # bin/ftagent, and a sed/head pair (or even a subshell) per JDK was tens of milliseconds on a loaded host.
    ftagent_major=""
    if [ -r "$1/release" ]; then
        while IFS= read -r ftagent_line || [ -n "$ftagent_line" ]; do
            case "$ftagent_line" in
                JAVA_VERSION=\"[0-9]*)
                    ftagent_line=${ftagent_line#JAVA_VERSION=\"}
                    ftagent_major=${ftagent_line%%[!0-9]*}
                    return 0
                    ;;
            esac
        done < "$1/release"
    elif [ -x "$1/bin/java" ]; then
        ftagent_major=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
    fi
}

ftagent_find_jdk() {
    if [ -n "${JAVA_HOME:-}" ]; then
        ftagent_java_major "$JAVA_HOME"
        v=$ftagent_major
        if [ -n "$v" ] && [ "$v" -ge "$ftagent_required_java" ]; then
            return 0
        fi
        echo "ftagent: JAVA_HOME=$JAVA_HOME is Java ${v:-unknown}; need $ftagent_required_java or newer, searching for one" >&2
    fi
    best=""
    bestv=0
    candidates=""
    if command -v java >/dev/null 2>&1; then
        j=$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)
        j=${j%/*}
        candidates=${j%/*}
    fi
    for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
        [ -d "$d" ] && candidates="$candidates
$d"
    done
    # newline-separated so that paths with spaces survive
    old_ifs=$IFS
    IFS='
'
    for d in $candidates; do
        [ -x "$d/bin/java" ] || continue
        ftagent_java_major "$d"
        v=$ftagent_major
        [ -n "$v" ] || continue
        if [ "$v" -ge "$ftagent_required_java" ] && [ "$v" -gt "$bestv" ]; then
            best=$d
            bestv=$v
        fi
    done
    IFS=$old_ifs
    if [ -z "$best" ]; then
        echo "ftagent: no JDK $ftagent_required_java or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /usr/java, /opt/java, /opt/jdk*, /usr/local/lib/jvm, ~/.sdkman, ~/.jdks); the classes are built for Java $ftagent_required_java, so an older JDK cannot run them." >&2
        echo "ftagent: install one (Debian/Ubuntu: apt-get install openjdk-25-jdk-headless, or Temurin 25) or set JAVA_HOME to it." >&2
        return 1
    fi
    JAVA_HOME=$best
    export JAVA_HOME
}
