#!/usr/bin/env bash
# Writes OUT/odeon-VERSION-image: the CLI distribution (bin/odeon, lib/*.jar) plus runtime/, a Java runtime
# trimmed by jlink to the JDK modules that jdeps finds the jars use; it runs on a machine without a JDK.
#   image.sh APP_TARGET OUT        (APP_TARGET: app/target after `mvn package`; JAVA_HOME: a JDK 25)
# Only the runtime is linked: Odeon's jars stay on the class path, because jlink links named modules only and
# most of Odeon's dependencies (netlib, JTransforms, EJML, Hipparchus, XChart, ...) are automatic modules.
set -euo pipefail
target="$1"; out="$2"
jdk="${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
dist=$(ls "$target"/odeon-*-dist.tar.gz 2>/dev/null | head -1)
[ -n "$dist" ] || { echo "image.sh: no $target/odeon-*-dist.tar.gz; build first (./odeon build)" >&2; exit 1; }
name=$(basename "$dist" -dist.tar.gz)
image="$out/$name-image"
rm -rf "$image" "$out/$name"
mkdir -p "$out"
tar xzf "$dist" -C "$out"
mv "$out/$name" "$image"
# The JDK modules the jars need. jdk.incubator.vector is left out: only netlib's optional Vector-API BLAS uses
# it, which the launcher does not enable, and linking it makes every start print an incubator warning.
# Odeon's own jars carry module descriptors that name automatic modules, hence the module path beside the class
# path; jdeps warns about jars it sees twice, so only its last line (the module list) is kept.
modules=$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --module-path "$image/lib" --class-path "$image/lib/*" "$image"/lib/*.jar 2>/dev/null | tail -1 \
  | tr ',' '\n' | grep -v '^jdk\.incubator\.' | paste -sd,)
case "$modules" in java.base*) ;; *) echo "image.sh: jdeps did not list the modules: $modules" >&2; exit 1 ;; esac
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress zip-6 \
  --output "$image/runtime"
echo "$image (runtime modules: $modules)"
