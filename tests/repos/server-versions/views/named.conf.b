zone "example.net" { type master; file "/etc/bind/db.shared"; };
