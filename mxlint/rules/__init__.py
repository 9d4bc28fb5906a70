"""Built-in rules, one module each. ``BUILTIN_MODULES`` lists them for the registry."""

BUILTIN_MODULES = (
    "syntax_error",
    "missing_trailing_dot",
    "ip_target",
    "cname_target",
    "missing_address",
    "duplicate_record",
    "duplicate_target",
    "cname_and_other_data",
    "stale_provider",
    "null_mx",
    "invalid_hostname",
    "ttl_mismatch",
    "unroutable_address",
    "dname_target",
    "single_mx",
    "implicit_mx",
    "unverifiable_target",
    "unknown_provider_host",
    "invalid_directive",
    "limit_exceeded",
)
