#!/bin/sh
# Converts zones exported from PowerDNS's database into gdnsd zone files.
for domain in $(mysql -N -e 'select name from domains'); do
  cat << HEADER > "out/$domain"
; Example.net PowerDNS to gdnsd migration script

\$TTL 3600
\$ORIGIN $domain.
HEADER
  mysql -N -e "select name, type, content from records where domain = '$domain'" >> "out/$domain"
done
