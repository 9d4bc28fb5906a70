$TTL 3600
$ORIGIN example.com.
@        IN SOA ns1 hostmaster 2026120801 3600 600 86400 300
@        IN NS  ns1
ns1      IN A   192.0.2.1
mail     IN A   192.0.2.25
@        IN MX  10 mail
*        IN NS  ns1.example.net.
