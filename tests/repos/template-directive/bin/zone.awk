#!/usr/bin/awk -f
# Compiles zone/<name>.zone into a zone file: "%% key=value" lines set variables, "%% template
# FILE" pastes FILE with every {{key}} replaced by its value.
/^%%/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); vars[kv[1]] = kv[2] }; next }
{ for (k in vars) gsub("{{" k "}}", vars[k]); print }
