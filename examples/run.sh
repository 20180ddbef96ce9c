#!/usr/bin/env bash
# Builds and tests the examples against the platform installed in the local Maven repository
# (run after `mvn install` of the platform). Extra arguments go to Maven, e.g. -o.
set -euo pipefail
cd "$(dirname "$0")/reportsender"
mvn -B verify "$@"
