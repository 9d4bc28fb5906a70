$ORIGIN example.com.
$TTL 300
	IN	SOA	ns1.example.com. hostmaster.example.com. ( 2024010101 3600 600 86400 300 )
	IN	NS	ns1.example.com.
	IN	MX	10 mail.example.com.
ns1	IN	A	192.0.2.53
mail	IN	A	192.0.2.25
