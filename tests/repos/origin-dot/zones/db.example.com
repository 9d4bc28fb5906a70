$ORIGIN example.com.
$TTL 3600
@        IN  SOA  ns1 hostmaster 2026112901 7200 3600 1209600 300
@        IN  NS   ns1
ns1      IN  A    192.0.2.53
@        IN  MX   10 mail
mail     IN  A    192.0.2.25
$ORIGIN dl.example.com
@        IN  MX   10 mail.example.com.
www      IN  A    192.0.2.80
files    IN  A    192.0.2.81
mirror   IN  CNAME www
