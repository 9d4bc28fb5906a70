zone "example.biz" { type master; file "/etc/bind/db.tie"; };
