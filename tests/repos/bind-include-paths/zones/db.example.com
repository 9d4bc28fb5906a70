$TTL 3600
@ SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
@ NS ns1
ns1 A 192.0.2.1
; the deployment path of the shared MX records
$INCLUDE /etc/bind/zones/inc/mx.inc
; relative to named's directory (/etc/bind), not to this file
$INCLUDE zones/inc/hosts.inc
