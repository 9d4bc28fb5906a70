"""Server configurations read offline (mxlint/identity/conf/).

The repositories under tests/data/serverconf/ are shaped like real DNS repositories: a Debian
BIND split with deployment paths, views, an include loop, NSD with patterns and templates,
Knot with templates. Where the real tool is installed (bind9-utils, nsd, knot: .ci/run
installs them), the same configurations are read by it too and the answers compared.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import dns.name
import pytest

from mxlint.identity import conf as serverconf
from mxlint.identity.conf import ConfProblem, ZoneDecl, knot_expand, match, nsd_expand, parse

DATA = Path(__file__).parent / "data" / "serverconf"


def _files(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.is_file())


def _summary(decls: list[ZoneDecl], root: Path) -> list[tuple[str, ...]]:
    return [
        (
            d.origin.to_text(),
            d.kind,
            d.view or "",
            d.file or "",
            os.path.relpath(d.conf, root),
            str(d.line),
        )
        for d in decls
    ]


def _matched(decls: list[ZoneDecl], root: Path) -> dict[str, list[str]]:
    return {
        os.path.relpath(f, root): [d.origin.to_text() for d in ds]
        for f, ds in sorted(match(decls, _files(root)).items())
    }


# ---------------------------------------------------------------------------------------------
# BIND


def test_debian_split_with_deployment_paths() -> None:
    root = DATA / "debian"
    decls, problems = parse(str(root / "bind" / "named.conf"), root=str(root))
    local, default = "bind/named.conf.local", "bind/named.conf.default-zones"
    assert _summary(decls, root) == [
        ("bitmechanic.com.", "primary", "", "/etc/bind/master/zone-bitmechanic.com", local, "11"),
        ("parked-one.example.", "primary", "", "/etc/bind/master/parked.zone", local, "18"),
        ("parked-two.example.", "primary", "", "/etc/bind/master/parked.zone", local, "19"),
        # relative: from options { directory "/etc/bind/zones"; }
        ("office.example.", "primary", "", "/etc/bind/zones/db.office", local, "22"),
        ("2.0.192.in-addr.arpa.", "secondary", "", "/var/cache/bind/db.192.0.2", local, "28"),
        (".", "hint", "", "/usr/share/dns/root.hints", default, "2"),
        ("localhost.", "primary", "", "/etc/bind/db.local", default, "10"),
        ("127.in-addr.arpa.", "primary", "", "/etc/bind/db.127", default, "15"),
        ("0.in-addr.arpa.", "primary", "", "/etc/bind/db.0", default, "20"),
        ("255.in-addr.arpa.", "primary", "", "/etc/bind/db.255", default, "25"),
    ]
    assert decls[2].file_raw == "/etc/bind/master/parked.zone"
    assert decls[3].file_raw == "db.office"
    assert decls[4].file_format == "raw"
    assert {d.file_format for d in decls[:4]} == {"text"}
    # The secret kept out of the repository is a problem to report, not an exception.
    assert problems == [
        ConfProblem(
            str(root / "bind" / "named.conf"),
            12,
            'include "/etc/bind/rndc.key": no such file in the repository',
        )
    ]
    # Deployment paths meet repository files by suffix; the old copy loses to master/.
    assert _matched(decls, root) == {
        "bind/db.0": ["0.in-addr.arpa."],
        "bind/db.127": ["127.in-addr.arpa."],
        "bind/db.255": ["255.in-addr.arpa."],
        "bind/db.local": ["localhost."],
        "bind/root.hints": ["."],
        "master/parked.zone": ["parked-one.example.", "parked-two.example."],
        "master/zone-bitmechanic.com": ["bitmechanic.com."],
        "zones/db.office": ["office.example."],
    }


def test_views_in_view_classes_escapes_and_comments() -> None:
    root = DATA / "views"
    decls, problems = parse(str(root / "named.conf"))  # root defaults to the config's folder
    assert problems == []
    extra = "named/views/internal-extra.conf"
    assert _summary(decls, root) == [
        ("example.net.", "primary", "internal", "/var/named/internal/example.net.zone",
         "named.conf", "19"),
        ("weird\\.label.example.net.", "primary", "internal", "/var/named/internal/weird.zone",
         "named.conf", "23"),
        # included inside the view: the zone belongs to the view
        ("example.org.", "primary", "internal", "/var/named/internal/example.org.zone",
         extra, "2"),
        ("example.net.", "primary", "external", "/var/named/external/example.net.zone",
         "named.conf", "30"),
        ("example.org.", "in-view", "external", "", "named.conf", "31"),
        ("partner.example.", "forward", "external", "", "named.conf", "32"),
        ("stubbed.example.", "stub", "external", "/var/named/stub/stubbed.example",
         "named.conf", "33"),
        (".", "hint", "external", "/var/named/named.ca", "named.conf", "34"),
        ("bind.", "primary", "chaos", "/var/named/external/ch.zone", "named.conf", "40"),
        ("server.", "forward", "chaos", "", "named.conf", "41"),
    ]  # fmt: skip
    assert decls[1].origin == dns.name.from_text("weird\\.label.example.net.")
    assert len(decls[1].origin.labels) == 4  # the escaped dot is inside a label
    assert decls[4].in_view == "internal"
    assert [d.zone_class for d in decls] == ["IN"] * 8 + ["CH"] * 2
    # Each view's file goes to its own view's declaration.
    got = {
        f: [(d.origin.to_text(), d.view) for d in ds]
        for f, ds in match(decls, _files(root)).items()
    }
    assert got[str(root / "internal" / "example.net.zone")] == [("example.net.", "internal")]
    assert got[str(root / "external" / "example.net.zone")] == [("example.net.", "external")]


def test_include_loop_and_missing_include_are_problems() -> None:
    root = DATA / "loop"
    decls, problems = parse(str(root / "a.conf"), server="bind")
    assert [(d.origin.to_text(), d.file) for d in decls] == [
        ("b.example.", "b.zone"),
        ("a.example.", "a.zone"),
    ]
    b = str(root / "b.conf")
    assert problems == [
        ConfProblem(b, 1, 'include "a.conf" includes itself again: loop skipped'),
        ConfProblem(b, 3, 'include "missing.conf": no such file in the repository'),
    ]


def test_never_reads_outside_root(tmp_path: Path) -> None:
    secret = tmp_path / "secret.conf"
    secret.write_text('zone "stolen.example" { type master; file "x"; };\n')
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "link.conf").symlink_to(secret)
    conf = repo / "named.conf"
    conf.write_text(f'include "{secret}";\ninclude "../secret.conf";\ninclude "link.conf";\n')
    decls, problems = parse(str(conf))
    assert decls == []
    assert [p.line for p in problems] == [1, 2, 3]
    assert [p.message for p in problems] == [
        f'include "{secret}": no such file in the repository',
        'include "../secret.conf": no such file in the repository',
        f"{repo / 'link.conf'} is outside {repo}: not read",
    ]


def test_hostile_input_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.conf"
    deep.write_text('zone "ok.example" { type master; file "ok"; };\n' + "x {" * 100_000)
    decls, problems = parse(str(deep), server="bind")
    assert [d.origin.to_text() for d in decls] == ["ok.example."]
    assert [(p.line, p.message) for p in problems] == [
        (2, "braces nested deeper than 64: the rest is ignored"),
        (2, "'{' never closed"),
    ]
    comment = tmp_path / "named.conf"
    comment.write_text('zone "a.example" { type master; file "a"; };\n/* never closed\n' * 3)
    decls, problems = parse(str(comment))
    assert [d.origin.to_text() for d in decls] == ["a.example."]
    assert problems == [
        ConfProblem(str(comment), 2, "unterminated comment /*: the rest of the file is ignored")
    ]
    string = tmp_path / "string.conf"
    string.write_text('zone "a.example { type master; };\n')
    decls, problems = parse(str(string), server="bind")
    assert decls == []
    assert [p.message for p in problems] == [
        "unterminated quoted string: the rest of the file is ignored"
    ]
    closing = tmp_path / "closing.conf"
    closing.write_text('}; zone "bad name..example" { type master; file "b"; };\n')
    decls, problems = parse(str(closing), server="bind")
    assert decls == []
    assert [p.line for p in problems] == [1, 1]
    assert problems[0].message == "unbalanced '}'"
    assert problems[1].message.startswith('zone name "bad name..example" is not a domain name')


def test_missing_or_unknown_configuration() -> None:
    decls, problems = parse(str(DATA / "nowhere.conf"))
    assert decls == [] and [p.message for p in problems] == ["no such file"]
    decls, problems = parse(str(DATA / "debian" / "bind" / "db.local"))
    assert decls == []
    assert [p.message for p in problems] == ["not a BIND, NSD or Knot configuration"]


# ---------------------------------------------------------------------------------------------
# NSD


def test_nsd_patterns_templates_zonesdir_and_include_glob() -> None:
    root = DATA / "nsd"
    decls, problems = parse(str(root / "nsd.conf"))
    assert problems == []
    assert _summary(decls, root) == [
        ("example.com.", "primary", "", "/etc/nsd/zones/example.com.zone", "nsd.conf", "29"),
        ("example.org.", "primary", "", "/etc/nsd/zones/db.example.org", "nsd.conf", "33"),
        ("mirror.example.", "secondary", "", "/etc/nsd/zones/secondary/mirror.example",
         "nsd.conf", "38"),
        ("customer-a.example.", "primary", "", "/etc/nsd/zones/customer-a.example.zone",
         "nsd.conf.d/customers.conf", "2"),
        ("customer-b.example.", "primary", "",
         "/var/lib/nsd/customers/c/customer-b.example.zone", "nsd.conf.d/customers.conf", "5"),
    ]  # fmt: skip
    assert [d.file_raw for d in decls] == [
        "%s.zone",
        "db.example.org",
        "secondary/%s",
        "%s.zone",
        "/var/lib/nsd/customers/%1/%s.zone",
    ]
    assert _matched(decls, root) == {
        "customers/c/customer-b.example.zone": ["customer-b.example."],
        "zones/customer-a.example.zone": ["customer-a.example."],
        "zones/db.example.org": ["example.org."],
        "zones/example.com.zone": ["example.com."],
    }


@pytest.mark.parametrize(
    ("template", "name", "expected"),
    [
        # nsd.conf(5): %s name, %1 %2 %3 characters, %z %y %x labels from the top;
        # a missing character or label is a period.
        ("%s.zone", "example.com", "example.com.zone"),
        ("%1/%2/%3/%s", "example.com", "e/x/a/example.com"),
        ("%3/%s", "ab", "./ab"),
        ("%z/%y/%x/%s", "www.example.com", "com/example/www/www.example.com"),
        ("%z/%y/%x", "example.com", "com/example/."),
        ("%s", "Example.COM.", "Example.COM."),  # the name as written
        ("plain", "example.com", "plain"),
    ],
)
def test_nsd_zonefile_templates(template: str, name: str, expected: str) -> None:
    assert nsd_expand(template, name, dns.name.from_text(name)) == expected


def test_nsd_undefined_pattern(tmp_path: Path) -> None:
    conf = tmp_path / "nsd.conf"
    conf.write_text('zone:\n\tname: a.example\n\tinclude-pattern: "later"\n\tzonefile: a\n')
    decls, problems = parse(str(conf))
    assert [(d.origin.to_text(), d.file) for d in decls] == [("a.example.", "/etc/nsd/a")]
    assert problems == [ConfProblem(str(conf), 3, 'include-pattern: "later" is not defined above')]


# ---------------------------------------------------------------------------------------------
# Knot


def test_knot_templates_default_storage_and_include() -> None:
    root = DATA / "knot"
    decls, problems = parse(str(root / "knot.conf"))
    assert problems == []
    assert _summary(decls, root) == [
        ("example.com.", "primary", "", "/var/lib/knot/example.com.zone", "knot.conf", "21"),
        ("example.net.", "primary", "", "/var/lib/knot/signed/example.net.signed.zone",
         "knot.conf", "22"),
        ("example.org.", "primary", "", "/var/lib/knot/zones/example/example.org.zone",
         "knot.conf", "24"),
        ("mirror.example.", "secondary", "", "/var/lib/knot/secondary/mirror.example.zone",
         "knot.conf", "26"),
        ("extra.example.", "primary", "", "/srv/dns/by-letter/e/extra.example",
         "conf.d/extra.conf", "2"),
    ]  # fmt: skip
    assert _matched(decls, root) == {
        "by-letter/e/extra.example": ["extra.example."],
        "example.com.zone": ["example.com."],
        "signed/example.net.signed.zone": ["example.net."],
        "zones/example/example.org.zone": ["example.org."],
    }


@pytest.mark.parametrize(
    ("template", "name", "expected"),
    [
        # knot.conf(5): %s without the final dot ("" for the root), %c[N] and %c[N-M] count
        # characters from 0 with every dot, %l[N] labels from the right (0 = TLD), %%.
        ("%s.zone", "Example.COM.", "example.com.zone"),
        ("%s.zone", ".", ".zone"),
        ("%c[0]/%c[1-2]/%l[0]/%l[1]/%l[5]/%s", "c.example.org", "c/.e/org/example//c.example.org"),
        ("%%x%c[9]%l[7]", "ab.example", "%xe"),
    ],
)
def test_knot_file_formatters(template: str, name: str, expected: str) -> None:
    assert knot_expand(template, dns.name.from_text(name)) == expected


# ---------------------------------------------------------------------------------------------
# sniff, parse_all, match


def test_sniff_by_name_and_content(tmp_path: Path) -> None:
    assert serverconf.sniff(str(DATA / "debian" / "bind" / "named.conf")) == "bind"
    assert serverconf.sniff(str(DATA / "debian" / "bind" / "named.conf.local")) == "bind"
    assert serverconf.sniff(str(DATA / "nsd" / "nsd.conf.d" / "customers.conf")) == "nsd"
    assert serverconf.sniff(str(DATA / "knot" / "conf.d" / "extra.conf")) == "knot"
    assert serverconf.sniff(str(DATA / "debian" / "bind" / "db.local")) is None
    (tmp_path / "named.conf.empty").write_text("// nothing configured yet\n")
    assert serverconf.sniff(str(tmp_path / "named.conf.empty")) == "bind"
    (tmp_path / "zones.cfg").write_text('\n# ours\nzone "a" IN {\n type master; };\n')
    assert serverconf.sniff(str(tmp_path / "zones.cfg")) == "bind"
    (tmp_path / "named.conf.zone").write_text("$TTL 1h\n@ IN SOA ns hm 1 2 3 4 5\n")
    assert serverconf.sniff(str(tmp_path / "named.conf.zone")) is None
    (tmp_path / "nsd.conf.bin").write_bytes(b"\x00\x01zone:")
    assert serverconf.sniff(str(tmp_path / "nsd.conf.bin")) is None
    (tmp_path / "README.md").write_text("zone: a heading\nname: not nsd\n")
    assert serverconf.sniff(str(tmp_path / "README.md")) is None


def test_parse_all_reads_each_file_once() -> None:
    root = DATA / "debian"
    paths = [str(root / "bind" / n) for n in ("named.conf.local", "named.conf")]
    decls, problems = serverconf.parse_all(paths, root=str(root))
    assert len(decls) == 10
    assert len({(d.origin, d.view) for d in decls}) == 10
    assert len(problems) == 1
    alone, _ = serverconf.parse_all(paths[:1], root=str(root))
    assert len(alone) == 5  # without named.conf, its directory option is unknown
    assert alone[3].file == "db.office"


def _decl(origin: str, file: str | None) -> ZoneDecl:
    return ZoneDecl(dns.name.from_text(origin), file, "primary", "bind", "named.conf", 1)


def test_match_longest_suffix_ties_and_base_name() -> None:
    a = _decl("a.example", "/etc/bind/primary/db.a")
    b = _decl("b.example", "db.b")
    c = _decl("c.example", "/etc/bind/db.c")
    none = _decl("d.example", None)
    files = [
        "repo/primary/db.a",
        "repo/old/db.a",
        "./zones/db.b",
        "backup/db.b",
        "db.c.old",
        "c/db",
    ]
    # db.b is two files' base name, equally far from named.conf: neither is named by it
    assert match([a, b, c, none], files) == {"repo/primary/db.a": [a]}


def test_match_among_equal_suffixes_the_files_nearest_the_configuration() -> None:
    def decl(origin: str, file: str, conf: str) -> ZoneDecl:
        return ZoneDecl(dns.name.from_text(origin), file, "primary", "bind", conf, 1)

    ns1 = decl("a.example", "/var/lib/bind/db.a", "ns1/named.conf.local")
    old = decl("a.example", "/var/lib/bind/db.a", "ns1/OLD/named.conf.local")
    ns2 = decl("b.example", "/etc/bind/zones/db.b", "ns2/named.conf")
    files = ["ns1/db.a", "ns2/db.a", "ns1/OLD/db.a", "ns1/zones/db.b", "ns2/zones/db.b"]
    assert match([ns1, old, ns2], files) == {
        "ns1/db.a": [ns1],
        "ns1/OLD/db.a": [old],
        "ns2/zones/db.b": [ns2],
    }


# ---------------------------------------------------------------------------------------------
# The real tools


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install bind9-utils nsd knot)")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


def _checkconf_list(checkconf: str, *args: str) -> list[tuple[str, str, str, str]]:
    out = _run(checkconf, "-l", *args)
    assert out.returncode == 0, out.stderr + out.stdout
    rows = []
    for row in out.stdout.splitlines():
        if re.match(r"\S+:\d+: ", row):  # a warning, not a zone
            continue
        name, klass, view, kind = row.split(" ", 3)
        kind = {"master": "primary", "slave": "secondary"}.get(kind, kind)
        kind = "in-view" if kind.startswith("in-view ") else kind
        rows.append((dns.name.from_text(name).to_text(), klass, view, kind))
    return sorted(rows)


def _ours(decls: list[ZoneDecl]) -> list[tuple[str, str, str, str]]:
    return sorted((d.origin.to_text(), d.zone_class, d.view or "_default", d.kind) for d in decls)


def _deploy(chroot: Path, decls: list[ZoneDecl], repo: Path) -> int:
    """Copy each matched repository file to where the configuration says the server opens it."""
    placed = 0
    for f, ds in match(decls, _files(repo)).items():
        for d in ds:
            assert d.file is not None and d.file.startswith("/")
            target = chroot / d.file.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
            placed += 1
    return placed


@pytest.mark.skipif(os.geteuid() != 0, reason="named-checkconf -t needs chroot (root)")
def test_named_checkconf_agrees_on_zones_and_loads_the_matched_files(tmp_path: Path) -> None:
    checkconf = _tool("named-checkconf")
    repo = DATA / "debian"
    decls, _ = parse(str(repo / "bind" / "named.conf"), root=str(repo))
    chroot = tmp_path / "root"
    etc = chroot / "etc" / "bind"
    (etc / "zones").mkdir(parents=True)  # options { directory "/etc/bind/zones"; }
    for conf in (repo / "bind").glob("named.conf*"):
        shutil.copyfile(conf, etc / conf.name)
    (etc / "rndc.key").write_text(
        'key "rndc-key" { algorithm hmac-sha256; secret "c2VjcmV0LXNlY3JldC1zZWNyZXQ="; };\n'
    )
    assert _checkconf_list(checkconf, "-t", str(chroot), "/etc/bind/named.conf") == _ours(decls)
    assert _deploy(chroot, decls, repo) == 9
    out = _run(checkconf, "-z", "-t", str(chroot), "/etc/bind/named.conf")
    assert out.returncode == 0, out.stdout + out.stderr
    loaded = sorted(re.findall(r"^zone (\S+)/IN: loaded serial", out.stdout, re.M))
    assert loaded == sorted(
        d.origin.to_text(omit_final_dot=True) or "." for d in decls if d.kind == "primary"
    )
    # The same check fails when a file is not where our reading says: the test can fail.
    (chroot / "etc" / "bind" / "zones" / "db.office").unlink()
    assert _run(checkconf, "-z", "-t", str(chroot), "/etc/bind/named.conf").returncode != 0


@pytest.mark.skipif(os.geteuid() != 0, reason="named-checkconf -t needs chroot (root)")
def test_named_checkconf_agrees_on_views(tmp_path: Path) -> None:
    checkconf = _tool("named-checkconf")
    repo = DATA / "views"
    decls, _ = parse(str(repo / "named.conf"))
    chroot = tmp_path / "root"
    (chroot / "var" / "named").mkdir(parents=True)
    (chroot / "etc" / "named" / "views").mkdir(parents=True)
    shutil.copyfile(repo / "named.conf", chroot / "etc" / "named.conf")
    extra = repo / "named" / "views" / "internal-extra.conf"
    shutil.copyfile(extra, chroot / "etc" / "named" / "views" / extra.name)
    assert _checkconf_list(checkconf, "-t", str(chroot), "/etc/named.conf") == _ours(decls)
    assert _deploy(chroot, decls, repo) == 6
    out = _run(checkconf, "-z", "-t", str(chroot), "/etc/named.conf")
    assert out.returncode == 0, out.stdout + out.stderr


def test_nsd_checkconf_agrees_on_zones_and_zonefiles(tmp_path: Path) -> None:
    checkconf = _tool("nsd-checkconf")
    repo = DATA / "nsd"
    decls, _ = parse(str(repo / "nsd.conf"))
    # nsd-checkconf opens includes where they are deployed: point them at the repository.
    conf = tmp_path / "nsd.conf"
    conf.write_text(
        (repo / "nsd.conf").read_text().replace("/etc/nsd/nsd.conf.d", str(repo / "nsd.conf.d"))
    )
    out = _run(checkconf, "-o", "zones", str(conf))
    assert out.returncode == 0, out.stderr
    assert sorted(dns.name.from_text(z) for z in out.stdout.split()) == sorted(
        d.origin for d in decls
    )
    for d in decls:
        name = d.origin.to_text(omit_final_dot=True)
        out = _run(checkconf, "-z", name, "-o", "zonefile", str(conf))
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == d.file_raw, name
        assert d.kind == ("secondary" if name == "mirror.example" else "primary")
    zonesdir = _run(checkconf, "-o", "zonesdir", str(conf)).stdout.strip()
    assert decls[0].file == f"{zonesdir}/example.com.zone"


def test_knotc_loads_the_files_where_we_say(tmp_path: Path) -> None:
    knotc = _tool("knotc")
    storage = tmp_path / "storage"
    conf = tmp_path / "knot.conf"
    conf.write_text(
        f"""template:
  - id: default
    storage: "{storage}"
  - id: letters
    storage: {storage}/letters
    file: "%c[0]/%c[1-2]/%s.db"
zone:
  - domain: example.com
  - domain: Example.NET.   # Knot lowercases
    template: letters
  - domain: example.org
    file: "zones/%l[0]/%l[1]/%s"
  - domain: abs.example
    file: "{tmp_path}/elsewhere/abs.zone"
"""
    )
    decls, problems = parse(str(conf))
    assert problems == []
    assert len(decls) == 4
    for d in decls:
        assert d.file is not None
        name = d.origin.to_text()
        Path(d.file).parent.mkdir(parents=True, exist_ok=True)
        Path(d.file).write_text(
            f"$TTL 3600\n{name} IN SOA ns.{name} h.{name} 1 2 3 4 5\n{name} IN NS ns.{name}\n"
            f"ns.{name} IN A 192.0.2.1\n"
        )
    out = _run(knotc, "-c", str(conf), "zone-check")
    assert out.returncode == 0 and "error" not in out.stdout + out.stderr, out.stdout + out.stderr
    # A file moved away is missed by knotc: the check can fail.
    Path(str(decls[1].file)).rename(tmp_path / "moved")
    out = _run(knotc, "-c", str(conf), "zone-check")
    assert "not exists" in out.stdout + out.stderr


# ---------------------------------------------------------------------------------------------
# Only a configuration is a configuration


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_a_templated_configuration_is_no_evidence(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "nsd.conf": "server:\n  identity: {{ inventory_hostname }}\n"
            'zone:\n  name: example.org\n  zonefile: "example.org.zone"\n',
            "named.conf.erb": 'zone "<%= @domain %>" { type master; file "db"; };\n',
            "knot.conf": "# {{ a comment }}\nzone:\n  - domain: ${DOMAIN}\n",
            "named.conf": "# ${HOME} in a comment is no placeholder\n"
            'zone "a.example" { type master; file "db.a"; };\n',
        },
    )
    for name in ("nsd.conf", "named.conf.erb", "knot.conf"):
        decls, problems = parse(str(tmp_path / name), server=serverconf.sniff(str(tmp_path / name)))
        assert decls == [], name
        assert "is a template" in problems[0].message, name
    decls, problems = parse(str(tmp_path / "named.conf"))
    assert [d.origin.to_text() for d in decls] == ["a.example."] and problems == []


def test_an_include_glob_never_widens_to_any_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "roles/nsd/files/nsd.conf": "server:\n  zonesdir: /srv\n"
            "include: /etc/nsd/nsd.conf.d/*\n",
            "playbooks/dns.yml": "- role: nsd\n  zone: example.org\n",
            "playbooks/mail.yml": "- role: ferm\n  name: smtp\n",
            "zone.conf": "zone:\n  name: example.net\n",
        },
    )
    decls, problems = parse(str(tmp_path / "roles/nsd/files/nsd.conf"), root=str(tmp_path))
    assert decls == [] and problems == []
    _write(tmp_path, {"deploy/nsd.conf.d/zones.conf": "zone:\n  name: example.com\n"})
    decls, _ = parse(str(tmp_path / "roles/nsd/files/nsd.conf"), root=str(tmp_path))
    assert [d.origin.to_text() for d in decls] == ["example.com."]


@pytest.mark.parametrize(
    ("server", "conf", "other"),
    [
        ("nsd", "include: other.txt\nzone:\n  name: a.example\n", "- name: smtp\n  zone: x\n"),
        ("nsd", "include: other.txt\nzone:\n  name: a.example\n", "import os\n"),
        ("bind", 'include "other.txt";\nzone "a.example" { type master; };\n', "import os\n"),
        ("bind", 'include "other.txt";\nzone "a.example" { type master; };\n', "- hosts: all\n"),
        ("knot", "include: other.txt\nzone:\n  - domain: a.example\n", "- hosts: all\n"),
        ("nsd", "include: other.txt\nzone:\n  name: a.example\n", "zone:\x00 name: b\n"),
    ],
)
def test_an_include_is_followed_only_into_a_configuration(
    tmp_path: Path, server: str, conf: str, other: str
) -> None:
    _write(tmp_path, {"main.conf": conf, "other.txt": other})
    decls, problems = parse(str(tmp_path / "main.conf"), server=server)
    assert [d.origin.to_text() for d in decls] == ["a.example."]
    assert len(problems) == 1 and "not read" in problems[0].message, problems


def test_an_nsd_clause_never_spans_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "nsd.conf": "zone:\n  name: a.example\n  include: b.conf\n  zonefile: a.zone\n"
            "include: c.conf\n",
            "b.conf": "zone:\n  name: b.example\n  zonefile: b.zone\n",
            "c.conf": "zone:\n",
            "d.conf": "name: smtp\n",
        },
    )
    decls, problems = parse(str(tmp_path / "nsd.conf"))
    assert [(d.origin.to_text(), d.file_raw) for d in decls] == [
        ("a.example.", "a.zone"),
        ("b.example.", "b.zone"),
    ]
    assert [p.message for p in problems] == ["zone: without name:"]


def test_rndc_conf_is_no_zone_configuration(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "rndc.conf": 'key "rndc-key" { algorithm hmac-sha256; secret "x"; };\n',
            "control.conf": "options { default-server 127.0.0.1; default-key rndc-key; };\n",
        },
    )
    assert serverconf.sniff(str(tmp_path / "rndc.conf")) is None
    assert serverconf.sniff(str(tmp_path / "control.conf")) is None


def test_a_configuration_of_another_program_is_not_read(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "bird.conf": 'include "vars.conf";\nrouter id 192.0.2.1;\n'
            "function ok() { return true; }\nprotocol device { scan time 10; }\n",
            "vars.conf": "define ASN = 64496;\n",
        },
    )
    decls, problems = parse(str(tmp_path / "bird.conf"), server="bind")
    assert decls == []
    assert [p.message for p in problems] == [
        f"{tmp_path / 'bird.conf'} is not BIND configuration syntax (line 2: 'router'): "
        "not read as a configuration"
    ]
