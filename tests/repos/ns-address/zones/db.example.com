$ORIGIN example.com.
$TTL 1800
@	IN	SOA	ns1 hostmaster.example.com. ( 2026120701 604800 86400 2419200 1800 )
@	IN	NS	ns1.example.com.
@	IN	NS	ns2.example.net
@	IN	A	192.0.2.80
ns1	IN	A	192.0.2.53
@	IN	MX	10 mx.mail.example.
