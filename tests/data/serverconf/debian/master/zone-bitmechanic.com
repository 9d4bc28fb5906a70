$TTL 86400
@	IN	SOA	ns1.bitmechanic.com. hostmaster.bitmechanic.com. (
		2024010101 3600 900 604800 300 )
	IN	NS	ns1.bitmechanic.com.
	IN	MX	10 mail
ns1	IN	A	192.0.2.10
mail	IN	A	192.0.2.25
