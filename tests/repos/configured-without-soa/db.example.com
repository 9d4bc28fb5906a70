$TTL 86400
@    IN MX 10 mail
mail IN A  192.0.2.26
