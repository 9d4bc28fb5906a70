"""What spf-multiple (MX034) says, word for word: two or more SPF records at one name (RFC
7208 4.5, a permerror), each record after the first reported, with the merged record when the
policies can be joined plainly; and where it says nothing."""

from __future__ import annotations

from pathlib import Path

from mxlint.check import engine
from mxlint.model import ZoneSet
from mxlint.zonefile import loader

from .test_mailpath import run, zone
from .test_rules import REGISTRY, lint
from .test_rules_behaviour import said

MEANS = (
    "a name may have only one (RFC 7208 4.5), so every SPF check of {owner} ends in a permanent "
    "error (permerror) and no mail from it passes SPF; {advice}, and delete this record"
)


def two(owner: str, this: str, line: int, first: str, advice: str) -> str:
    return (
        f'{owner} has 2 SPF records, this one ("{this}") and the one at line {line} ("{first}"): '
        + MEANS.format(owner=owner, advice=advice)
    )


def test_spf_multiple_word_for_word() -> None:
    body = (
        '@ IN TXT "v=spf1 ip4:192.0.2.0/24 mx ~all"\n'  # 5
        '@ IN TXT "v=spf1 ip4:198.51.100.7 a mx ~all"\n'  # 6
        'www IN TXT "v=spf1 -all"\n'  # 7
        'WWW IN TXT "V=SPF1 a -all"\n'  # 8: the same name in capitals, "V=SPF1" any case
        'Www IN TXT ( "v=spf1 mx"\n  " -all" )\n'  # 9: one policy in two strings, one record
    )
    assert said(lint(body), "spf-multiple") == [
        (
            6,
            1,
            "error",
            two(
                "example.com.",
                "v=spf1 ip4:198.51.100.7 a mx ~all",
                5,
                "v=spf1 ip4:192.0.2.0/24 mx ~all",
                'merge them into one record, "v=spf1 ip4:192.0.2.0/24 mx ip4:198.51.100.7 a ~all"',
            ),
        ),
        (
            8,
            1,
            "error",
            'www.example.com. has 3 SPF records, this one ("V=SPF1 a -all") and those at line '
            '7 and line 9 (the first: "v=spf1 -all"): '
            + MEANS.format(
                owner="www.example.com.", advice='merge them into one record, "v=spf1 a mx -all"'
            ),
        ),
        (
            9,
            1,
            "error",
            'www.example.com. has 3 SPF records, this one ("v=spf1 mx -all") and those at line '
            '7 and line 8 (the first: "v=spf1 -all"): '
            + MEANS.format(
                owner="www.example.com.", advice='merge them into one record, "v=spf1 a mx -all"'
            ),
        ),
    ]


def test_spf_multiple_advice_where_the_policies_do_not_merge_plainly() -> None:
    many = " ".join(f"include:s{i}.example" for i in range(6))
    more = " ".join(f"~include:t{i}.example" for i in range(5))  # (qualified: counted too)
    long = " ".join(f"ip4:192.0.2.{i}" for i in range(16))
    body = (
        'a IN TXT "v=spf1 a ~all"\na IN TXT "v=spf1 mx -all"\n'  # 5, 6
        'b IN TXT "v=spf1 redirect=_spf.example.net"\nb IN TXT "v=spf1 mx -all"\n'  # 7, 8
        'c IN TXT "v=spf1 -all mx"\nc IN TXT "v=spf1 a -all"\n'  # 9, 10
        f'd IN TXT "v=spf1 {many} -all"\nd IN TXT "v=spf1 {more} -all"\n'  # 11, 12
        f'e IN TXT "v=spf1 {long} -all"\ne IN TXT "v=spf1 ip4:198.51.100.0/24 a -all"\n'  # 13
        f'f IN TXT "v=spf1 {many} -all"\nf IN TXT "v=spf1 +mx include:s0.example ?all"\n'  # 15
    )
    advice = {line: message.split("; ", 1)[1] for line, _, _, message in said(lint(body))}
    tail = ", and delete this record"
    merged_e = f"v=spf1 {long} ip4:198.51.100.0/24 a -all"
    assert advice == {
        6: 'merge their mechanisms into one record ending in one all term (they end in "~all", '
        '"-all": keep the one you mean)' + tail,
        8: 'merge them into one record by hand (one carries the modifier "redirect=_spf.example.'
        'net", which the merged policy must keep or drop)' + tail,
        10: "merge them into one record by hand (a policy has terms after its all)" + tail,
        12: "merge them into one record, but together they make 11 DNS lookups, above the 10 "
        "allowed (RFC 7208 4.6.4): name some senders with ip4:/ip6: instead of include:" + tail,
        14: f'merge them into one record, "{merged_e[:77]}...", written as several quoted '
        "strings of at most 255 octets (receivers join them with nothing between)" + tail,
        16: 'merge their mechanisms into one record ending in one all term (they end in "-all", '
        '"?all": keep the one you mean)' + tail,
    }
    assert len(merged_e) > 255 >= len(f"v=spf1 {long} -all")


def test_spf_multiple_merges_each_mechanism_once_and_the_all_they_share() -> None:
    ten = " ".join(f"include:s{i}.example" for i in range(9))
    body = (
        f'@ IN TXT "v=spf1 {ten} +mx -all"\n'  # 5: ten lookups, the limit
        '@ IN TXT "v=spf1 mx MX include:s0.example +all"\n'  # 6: "+all" and "-all" differ
        'x IN TXT "v=spf1 +a"\nx IN TXT "v=spf1 a all"\n'  # 7, 8: "+a" is "a"; "all" "+all"
        'y IN TXT "v=spf1"\ny IN TXT "v=spf1 ptr:a.example exists:%{i}.a.example"\n'  # 9, 10
        'z IN TXT "v=spf1 a +all"\nz IN TXT "v=spf1 mx all"\n'  # 11, 12: "all" is "+all"
    )
    advice = {line: message.split("; ", 1)[1] for line, _, _, message in said(lint(body))}
    tail = ", and delete this record"
    assert advice == {
        6: 'merge their mechanisms into one record ending in one all term (they end in "-all", '
        '"+all": keep the one you mean)' + tail,
        8: 'merge them into one record, "v=spf1 +a all"' + tail,
        10: 'merge them into one record, "v=spf1 ptr:a.example exists:%{i}.a.example"' + tail,
        12: 'merge them into one record, "v=spf1 a mx +all"' + tail,
    }
    body = f'@ IN TXT "v=spf1 {ten} +mx -all"\n@ IN TXT "v=spf1 mx MX include:s0.example -all"\n'
    (only,) = said(lint(body))
    assert only[3].endswith(f'merge them into one record, "v=spf1 {ten} +mx -all"' + tail)


def test_spf_multiple_is_silent_where_there_is_one_policy() -> None:
    body = (
        '@ IN TXT "v=spf1 mx -all"\n'
        '@ IN TXT "v=spf1 mx -all"\n'  # the same record twice: one copy served
        '@ IN TXT "v=spf10 a -all"\n'  # not SPF version 1
        '@ IN TXT "v=spf1\ta -all"\n'  # "v=spf1" then a tab: receivers discard it
        '@ IN TXT "v=spf1a -all"\n'
        '@ IN TXT "v=DMARC1; p=reject"\n'
        '@ IN TXT "v=DKIM1; k=rsa; p=MIGf"\n'
        '@ IN TXT "spf1 a -all"\n'
        '@ IN TXT "google-site-verification=x v=spf1 a"\n'
        '@ IN SPF "v=spf1 a -all"\n'  # the SPF type: receivers read TXT only (RFC 7208 3.1)
        '@ IN TXT "v=STSv1; id=1"\n'
        '@ IN TXT "v=TLSRPTv1; rua=mailto:r@example.com"\n'
        'mail IN TXT "v=spf1 " "a -all"\n'  # one policy in two strings (spf-split's)
        'www IN TXT "v=spf1 a -all"\n'  # another name
        "sub IN NS ns1.example.net.\n"
        'sub IN TXT "v=spf1 a -all"\n'  # a delegation: the child zone's records are served
        'sub IN TXT "v=spf1 mx -all"\n'
        'x.sub IN TXT "v=spf1 a -all"\n'
        'x.sub IN TXT "v=spf1 mx -all"\n'
    )
    assert said(lint(body), "spf-multiple") == []


def test_spf_multiple_records_that_join_alike_but_differ_are_two() -> None:
    # one string and two strings with the same text: two records to a name server
    body = 'mail IN TXT "v=spf1 a -all"\nmail IN TXT "v=spf1 " "a -all"\n'
    assert [g[:2] for g in said(lint(body), "spf-multiple")] == [(6, 1)]


def test_spf_multiple_in_a_file_whose_origin_is_a_guess_shows_the_name_as_written() -> None:
    body = '@ IN TXT "v=spf1 a -all"\n@ IN TXT "v=spf1 mx -all"\n'
    got = said(lint(body, header="$TTL 3600\n", name="corp.internal.zone"), "spf-multiple")
    assert got == [
        (
            3,
            1,
            "error",
            two(
                "@",
                "v=spf1 mx -all",
                2,
                "v=spf1 a -all",
                'merge them into one record, "v=spf1 a mx -all"',
            ),
        )
    ]


def test_spf_multiple_names_the_file_of_a_record_in_another(tmp_path: Path) -> None:
    files = {
        "db.example.com": zone("example.com.", '@ IN TXT "v=spf1 a -all"\n$INCLUDE spf.inc\n'),
        "spf.inc": '@ IN TXT "v=spf1 mx -all"\n',
    }
    got = run(tmp_path, files, "spf-multiple")
    assert [(Path(x.path).name, x.line) for x in got] == [("spf.inc", 1)]
    assert f'the one at {tmp_path / "db.example.com"}:5 ("v=spf1 a -all")' in got[0].message


def test_spf_multiple_reads_records_whose_data_is_kept_whole() -> None:
    # a zone loaded keeping every record's data (as mxlint.stages.serial loads it)
    body = '@ IN TXT "v=spf1 a -all"\n@ IN TXT "v=spf1 a -all"\n@ IN TXT "v=spf1 mx -all"\n'
    z = loader.load_zone(
        "z.zone", "example.com.", text=zone("example.com.", body), keep_all_rdata=True
    )
    found = [x for x in engine.run(REGISTRY, ZoneSet([z]), {}) if x.rule == "spf-multiple"]
    assert [(x.line, x.message.split(",")[0]) for x in found] == [
        (7, "example.com. has 2 SPF records")
    ]
