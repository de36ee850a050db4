#!/bin/bash
# Runs in the build stage of docker/Dockerfile (as /usr/local/sbin/build-extras), never in the final
# image: makes that stage work behind a TLS-inspecting proxy or through a company's Maven repository.
# /tmp/build-extras holds what the build arg BUILD_EXTRAS named in the context (default: the
# docker/build-extras directory, empty but for its README):
#   - CA certificates, PEM (any file with BEGIN CERTIFICATE blocks; several per file are fine):
#     trusted by apt, curl and anything reading the system store, and by Java (Maven);
#   - settings.xml: Maven's user settings (a mirror, a proxy).
#
#   build-extras before-apt   the certificates go where update-ca-certificates takes them from, and,
#                             while the stage has no CA bundle yet (ca-certificates comes with the
#                             JDK), make a first one, so that apt over https trusts the proxy too
#   build-extras after-apt    update-ca-certificates, the certificates into the JDK's truststore
#                             (keytool, checked by fingerprint), settings.xml to ~/.m2
set -euo pipefail

extras=/tmp/build-extras
local_ca=/usr/local/share/ca-certificates/build-extras
bundle=/etc/ssl/certs/ca-certificates.crt
default_extras=docker/build-extras   # the Dockerfile's default of BUILD_EXTRAS

log() { echo "build-extras: $*" >&2; }
die() { log "error: $*"; exit 1; }

certs() { find "$local_ca" -maxdepth 1 -name '*.crt' 2>/dev/null | sort; }

split_certs() {  # every BEGIN/END CERTIFICATE block of every file under $extras -> $local_ca/extra-NN.crt
  mkdir -p "$local_ca"
  find "$extras" -type f -print0 | sort -z | xargs -0 -r awk -v dir="$local_ca" '
    { sub(/\r$/, "") }   # certificates exported on Windows
    /^-----BEGIN CERTIFICATE-----$/ { n++; f = sprintf("%s/extra-%02d.crt", dir, n); inside = 1 }
    inside { print > f }
    /^-----END CERTIFICATE-----$/ { if (inside) close(f); inside = 0 }'
}

case ${1:-} in
  before-apt)
    [[ -d $extras ]] || die "$extras is missing (the Dockerfile copies BUILD_EXTRAS there)"
    # COPY of an empty source is COPY of the whole context: its certificates are not the user's
    [[ -n ${BUILD_EXTRAS-unset} ]] || die "BUILD_EXTRAS is empty: name a PEM file or a directory in the build context"
    split_certs
    n=$(certs | wc -l)
    # a name given explicitly that holds nothing usable is a mistake worth stopping for
    if [[ ${BUILD_EXTRAS:-$default_extras} != "$default_extras" && $n == 0 && ! -f $extras/settings.xml ]]; then
      die "BUILD_EXTRAS=${BUILD_EXTRAS} holds no PEM certificate and no settings.xml"
    fi
    if ((n > 0)) && [[ ! -f $bundle ]]; then
      # replaced by update-ca-certificates once ca-certificates is installed (the certificates above included)
      mkdir -p "$(dirname "$bundle")"
      mapfile -t files < <(certs)
      cat "${files[@]}" >"$bundle"
    fi
    log "$n extra CA certificate(s)$([[ -f $extras/settings.xml ]] && echo ', settings.xml')"
    ;;
  after-apt)
    if [[ -n $(certs) ]]; then
      update-ca-certificates >/dev/null
      mapfile -t files < <(certs)
      for cert in "${files[@]}"; do
        grep -qF "$(sed -n 2p "$cert")" "$bundle" || die "$cert is not in $bundle after update-ca-certificates"
      done
      # ca-certificates-java usually imports them already; keytool makes sure, by fingerprint
      listed=$(keytool -list -cacerts -storepass changeit)
      for cert in "${files[@]}"; do
        fingerprint=$(keytool -printcert -file "$cert" | awk '$1 == "SHA256:" { print $2; exit }')
        [[ -n $fingerprint ]] || die "keytool cannot read $cert"
        if ! grep -qF "$fingerprint" <<<"$listed"; then
          keytool -importcert -cacerts -storepass changeit -noprompt -alias "build-extras-$(basename "$cert" .crt)" \
            -file "$cert" >/dev/null
        fi
        keytool -list -cacerts -storepass changeit | grep -qF "$fingerprint" \
          || die "$cert ($fingerprint) is not in the JDK's truststore"
      done
      log "trusted by the system store and the JDK: ${#files[@]} extra CA certificate(s)"
    fi
    if [[ -f $extras/settings.xml ]]; then
      install -D -m 644 "$extras/settings.xml" /root/.m2/settings.xml
      log "Maven settings: $extras/settings.xml"
    fi
    ;;
  *) die "usage: build-extras before-apt|after-apt" ;;
esac
