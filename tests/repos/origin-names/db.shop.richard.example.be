; copied from the server, where named.conf loads it as shop.example.be
$TTL    604800
@       IN      SOA     ns.shop.example.be. root.shop.example.be. ( 2016 604800 86400 2419200 604800 )
@       IN      NS      ns.shop.example.be.
@       IN      MX      10      mail.shop.example.be.
_sip._tcp.shop.example.be. IN SRV 10 10 5060 voip.shop.example.be.
_sip._udp.shop.example.be. IN SRV 10 10 5060 voip.shop.example.be.
shop.example.be   IN      A       192.0.2.89
ns                IN      A       192.0.2.89
mail              IN      A       192.0.2.89
voip              IN      A       192.0.2.89
