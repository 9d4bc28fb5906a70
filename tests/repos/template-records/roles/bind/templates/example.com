$TTL {{ dns_ttl }}
$ORIGIN example.com.

@               IN      SOA     ns hostmaster ( {{ansible_date_time.epoch}} 43200 5400 604800 10800 )
                IN      NS      ns.example.net.
                IN      MX      10 mail
                IN      MX      20 mail
                IN      A       {{ansible_default_ipv4.address}}
www             IN      MX      10 {{ mx_host }}
                IN      MX      20 {{ mx_host }}
shop            IN      MX      10 {{ mx_host }}
                IN      MX      20 backup
{{hostname}}    IN      A       {{ansible_default_ipv4.address}}
                IN      MX      10 mail
                IN      MX      20 mail
mail            IN      AAAA    {{ansible_default_ipv6.address}}
