; bitmechanic.com, served from /etc/bind/master/
$TTL 86400
@        IN SOA ns1.bitmechanic.com. hostmaster.bitmechanic.com. (
                2026112901 3600 900 604800 86400 )
         IN NS  ns1
         IN MX  10 mail
         IN MX  20 backup.bitmechanic.com
mail     IN A   192.0.2.10
backup   IN A   192.0.2.12
ns1      IN A   192.0.2.11
