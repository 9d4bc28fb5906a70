zone "example.org" { type master; file "/etc/bind/db.shared"; };
