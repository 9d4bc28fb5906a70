$TTL    60
        @       IN      SOA     ns1.example.com. admin.example.com. (
        2021020601 120 120 120 120 )
        @       IN      NS      ns1.example.com.
        @       IN      MX      10 mail.example.com.
        @       IN      A       192.0.2.1
        ns1     IN      A       192.0.2.2
