# Generated from mxlint/check/data/providers.yaml by `python -m mxlint.check.providers`: do not edit.
# ruff: noqa
from typing import Any, Final

ENTRIES: Final[list[dict[str, Any]]] = [
    {
        "name": "Google Workspace",
        "kind": "mailbox",
        "source": [
            "https://support.google.com/a/answer/174125",
            "https://support.google.com/a/answer/140034",
        ],
        "hosts": [
            "smtp.google.com.",
            "aspmx.l.google.com.",
            "alt1.aspmx.l.google.com.",
            "alt2.aspmx.l.google.com.",
            "alt3.aspmx.l.google.com.",
            "alt4.aspmx.l.google.com.",
            "aspmx2.googlemail.com.",
            "aspmx3.googlemail.com.",
            "aspmx4.googlemail.com.",
            "aspmx5.googlemail.com.",
        ],
        "domains": [
            "aspmx.l.google.com.",
            "googlemail.com.",
        ],
    },
    {
        "name": "Microsoft 365",
        "kind": "mailbox",
        "source": [
            "https://learn.microsoft.com/en-us/microsoft-365/enterprise/external-domain-name-system-records",
            "https://learn.microsoft.com/en-us/purview/how-smtp-dane-works",
        ],
        "patterns": [
            "*.mail.protection.outlook.com.",
            "*.[a-z]-v1.mx.microsoft.",
        ],
        "domains": [
            "mail.protection.outlook.com.",
            "mx.microsoft.",
        ],
    },
    {
        "name": "Zoho Mail",
        "kind": "mailbox",
        "source": "https://www.zoho.com/mail/help/adminconsole/configure-email-delivery.html",
        "hosts": [
            "mx.zoho.com.",
            "mx2.zoho.com.",
            "mx3.zoho.com.",
            "smtpin.zoho.com.",
            "smtpin2.zoho.com.",
            "smtpin3.zoho.com.",
            "mx.zoho.eu.",
            "mx2.zoho.eu.",
            "mx3.zoho.eu.",
            "mx.zoho.in.",
            "mx2.zoho.in.",
            "mx3.zoho.in.",
            "mx.zoho.com.au.",
            "mx2.zoho.com.au.",
            "mx3.zoho.com.au.",
            "mx.zoho.jp.",
            "mx2.zoho.jp.",
            "mx3.zoho.jp.",
            "mx.zohocloud.ca.",
            "mx2.zohocloud.ca.",
            "mx3.zohocloud.ca.",
        ],
        "domains": [
            "zoho.com.",
            "zoho.eu.",
            "zoho.in.",
            "zoho.com.au.",
            "zoho.jp.",
            "zohocloud.ca.",
        ],
    },
    {
        "name": "Proton Mail",
        "kind": "mailbox",
        "source": "https://proton.me/support/custom-domain",
        "hosts": [
            "mail.protonmail.ch.",
            "mailsec.protonmail.ch.",
        ],
        "domains": [
            "protonmail.ch.",
        ],
    },
    {
        "name": "Fastmail",
        "kind": "mailbox",
        "source": "https://www.fastmail.help/hc/en-us/articles/360060591153",
        "hosts": [
            "in1-smtp.messagingengine.com.",
            "in2-smtp.messagingengine.com.",
        ],
        "domains": [
            "messagingengine.com.",
        ],
    },
    {
        "name": "iCloud Mail",
        "kind": "mailbox",
        "source": "https://support.apple.com/en-sg/HT212514",
        "hosts": [
            "mx01.mail.icloud.com.",
            "mx02.mail.icloud.com.",
        ],
        "domains": [
            "mail.icloud.com.",
        ],
    },
    {
        "name": "Yandex 360",
        "kind": "mailbox",
        "source": [
            "https://yandex.com.tr/support/kurum/set-mail/mx.html",
            "https://yandex.com/support/yandex-360/business/admin/en/domains/dns/mx",
        ],
        "hosts": [
            "mx.yandex.net.",
            "mx.yandex.ru.",
        ],
    },
    {
        "name": "Amazon SES receiving / WorkMail",
        "kind": "relay",
        "source": [
            "https://docs.aws.amazon.com/ses/latest/dg/receiving-email-mx-record.html",
            "https://docs.aws.amazon.com/general/latest/gr/ses.html",
        ],
        "hosts": [
            "inbound-smtp.us-east-1.amazonaws.com.",
            "inbound-smtp.us-east-2.amazonaws.com.",
            "inbound-smtp.us-west-2.amazonaws.com.",
            "inbound-smtp.ca-central-1.amazonaws.com.",
            "inbound-smtp.eu-west-1.amazonaws.com.",
            "inbound-smtp.eu-west-2.amazonaws.com.",
            "inbound-smtp.eu-central-1.amazonaws.com.",
            "inbound-smtp.ap-southeast-1.amazonaws.com.",
            "inbound-smtp.ap-southeast-2.amazonaws.com.",
            "inbound-smtp.ap-southeast-3.amazonaws.com.",
            "inbound-smtp.ap-northeast-1.amazonaws.com.",
        ],
    },
    {
        "name": "OVHcloud",
        "kind": "mailbox",
        "source": [
            "https://github.com/ovh/docs/blob/develop/pages/web_cloud/domains/dns_zone_mx/guide.en-gb.md",
            "https://github.com/ovh/docs/blob/develop/pages/web_cloud/domains/dns_zone_mx/guide.en-ca.md",
        ],
        "hosts": [
            "mx0.mail.ovh.net.",
            "mx1.mail.ovh.net.",
            "mx2.mail.ovh.net.",
            "mx3.mail.ovh.net.",
            "mx4.mail.ovh.net.",
            "mx0.mail.ovh.ca.",
            "mx1.mail.ovh.ca.",
            "mx2.mail.ovh.ca.",
            "mx3.mail.ovh.ca.",
            "mx4.mail.ovh.ca.",
        ],
        "domains": [
            "mail.ovh.net.",
            "mail.ovh.ca.",
        ],
    },
    {
        "name": "Gandi Mail",
        "kind": "mailbox",
        "source": [
            "https://docs.gandi.net/zh-hant/domain_names/faq/record_types/mx_record.html",
            "http://wiki.gandi.net/en/mail/create-email-mailbox",
        ],
        "hosts": [
            "spool.mail.gandi.net.",
            "fb.mail.gandi.net.",
        ],
        "domains": [
            "mail.gandi.net.",
        ],
    },
    {
        "name": "IONOS",
        "kind": "mailbox",
        "source": "https://www.ionos.co.uk/help/domains/set-up-and-manage-external-domains-with-ionos/choosing-name-servers-for-external-domains/",
        "hosts": [
            "mx00.ionos.com.",
            "mx01.ionos.com.",
            "mx00.ionos.de.",
            "mx01.ionos.de.",
            "mx00.ionos.co.uk.",
            "mx01.ionos.co.uk.",
            "mx00.ionos.es.",
            "mx01.ionos.es.",
            "mx00.ionos.fr.",
            "mx01.ionos.fr.",
            "mx00.ionos.it.",
            "mx01.ionos.it.",
            "mx00.ionos.mx.",
            "mx01.ionos.mx.",
            "mx00.1and1.com.",
            "mx01.1and1.com.",
            "mx00.1and1.co.uk.",
            "mx01.1and1.co.uk.",
            "mx00.1and1.es.",
            "mx01.1and1.es.",
            "mx00.1and1.fr.",
            "mx01.1and1.fr.",
            "mx00.kundenserver.de.",
            "mx01.kundenserver.de.",
        ],
    },
    {
        "name": "Namecheap Private Email",
        "kind": "mailbox",
        "source": [
            "https://www.namecheap.com/support/knowledgebase/article.aspx/1340/2176/namecheap-private-email-records-for-domains-with-thirdparty-dns/",
            "https://namecheap.com/support/knowledgebase/article.aspx/1262/2176/what-does-namecheap-private-email-dns-verification-imply",
        ],
        "hosts": [
            "mx1.privateemail.com.",
            "mx2.privateemail.com.",
        ],
        "domains": [
            "privateemail.com.",
        ],
    },
    {
        "name": "Rackspace Email",
        "kind": "mailbox",
        "source": "https://docs.rackspace.com/support/how-to/dns-record-definitions",
        "hosts": [
            "mx1.emailsrvr.com.",
            "mx2.emailsrvr.com.",
        ],
    },
    {
        "name": "Migadu",
        "kind": "mailbox",
        "source": [
            "https://gist.github.com/tennox/f2836fb57e2ac3b54c0c044b7777eb35",
            "https://gist.github.com/sam-heller/ae959698111508cce2f5fb32fb6fbd0f",
        ],
        "hosts": [
            "aspmx1.migadu.com.",
            "aspmx2.migadu.com.",
        ],
    },
    {
        "name": "Purelymail",
        "kind": "mailbox",
        "source": "https://blog.hardcodeconsulting.tech/post/purelymanage-domain-setup/",
        "hosts": [
            "mailserver.purelymail.com.",
        ],
    },
    {
        "name": "Hostinger Email",
        "kind": "mailbox",
        "source": "https://www.pangaea.id/article/email-dns-records",
        "hosts": [
            "mx1.hostinger.com.",
            "mx2.hostinger.com.",
        ],
    },
    {
        "name": "Mail.ru for Business",
        "kind": "mailbox",
        "source": "https://glama.ai/mcp/servers/badigit/beget-mcp/tools/mail_setup_mailru",
        "hosts": [
            "emx.mail.ru.",
        ],
    },
    {
        "name": "Namecheap Email Forwarding",
        "kind": "relay",
        "source": "https://www.namecheap.com/support/knowledgebase/article.aspx/308/2214/how-to-set-up-free-email-forwarding/",
        "hosts": [
            "eforward1.registrar-servers.com.",
            "eforward2.registrar-servers.com.",
            "eforward3.registrar-servers.com.",
            "eforward4.registrar-servers.com.",
            "eforward5.registrar-servers.com.",
        ],
        "domains": [
            "registrar-servers.com.",
        ],
    },
    {
        "name": "Cloudflare Email Routing",
        "kind": "relay",
        "source": [
            "https://developers.cloudflare.com/email-routing/postmaster/",
            "https://docs.deepinfo.com/reference/discovery/reverse-mx/examples/cloudflare-email-routing.md",
        ],
        "hosts": [
            "route1.mx.cloudflare.net.",
            "route2.mx.cloudflare.net.",
            "route3.mx.cloudflare.net.",
        ],
        "patterns": [
            "*.mx.cloudflare.net.",
        ],
        "domains": [
            "mx.cloudflare.net.",
        ],
    },
    {
        "name": "Mailgun",
        "kind": "relay",
        "source": [
            "https://documentation.mailgun.com/en/latest/api-intro.html",
            "https://documentation.mailgun.com/docs/mailgun/api-reference",
        ],
        "hosts": [
            "mxa.mailgun.org.",
            "mxb.mailgun.org.",
            "mxa.eu.mailgun.org.",
            "mxb.eu.mailgun.org.",
        ],
        "domains": [
            "mailgun.org.",
        ],
    },
    {
        "name": "SendGrid Inbound Parse",
        "kind": "relay",
        "source": "https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook",
        "hosts": [
            "mx.sendgrid.net.",
        ],
        "domains": [
            "sendgrid.net.",
        ],
    },
    {
        "name": "Mimecast",
        "kind": "gateway",
        "source": "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000792893075",
        "hosts": [
            "eu-smtp-inbound-1.mimecast.com.",
            "eu-smtp-inbound-2.mimecast.com.",
            "de-smtp-inbound-1.mimecast.com.",
            "de-smtp-inbound-2.mimecast.com.",
            "us-smtp-inbound-1.mimecast.com.",
            "us-smtp-inbound-2.mimecast.com.",
            "usb-smtp-inbound-1.mimecast.com.",
            "usb-smtp-inbound-2.mimecast.com.",
            "au-smtp-inbound-1.mimecast.com.",
            "au-smtp-inbound-2.mimecast.com.",
            "za-smtp-inbound-1.mimecast.co.za.",
            "je-smtp-inbound-1.mimecast-offshore.com.",
            "je-smtp-inbound-2.mimecast-offshore.com.",
        ],
        "patterns": [
            "[a-z][a-z]-smtp-inbound-[12].mimecast.com.",
        ],
    },
    {
        "name": "Proofpoint",
        "kind": "gateway",
        "source": "https://help.proofpoint.com/Proofpoint_Essentials/How_to_add%252C_test%252C_and_manage_your_Domains_and_Outbound_Filtering",
        "hosts": [
            "mx1-us1.ppe-hosted.com.",
            "mx2-us1.ppe-hosted.com.",
            "mx1-eu1.ppe-hosted.com.",
            "mx2-eu1.ppe-hosted.com.",
        ],
        "patterns": [
            "mx[12]-[a-z][a-z][0-9].ppe-hosted.com.",
            "mx0?-*.pphosted.com.",
            "mx[ab]-*.gslb.pphosted.com.",
        ],
        "domains": [
            "ppe-hosted.com.",
            "pphosted.com.",
        ],
    },
    {
        "name": "Barracuda Email Gateway Defense",
        "kind": "gateway",
        "source": "https://www.captaindns.com/en/blog/barracuda-secure-email-gateway",
        "patterns": [
            "d*[ab].ess.barracudanetworks.com.",
            "d*.[ab].ess.uk.barracudanetworks.com.",
            "d*.[ab].ess.de.barracudanetworks.com.",
        ],
        "domains": [
            "ess.barracudanetworks.com.",
            "ess.uk.barracudanetworks.com.",
            "ess.de.barracudanetworks.com.",
        ],
    },
    {
        "name": "Cisco Secure Email",
        "kind": "gateway",
        "source": [
            "https://docs.ces.cisco.com/docs/review-and-validate-mx-records",
            "https://www.captaindns.com/en/blog/cisco-secure-email-gateway",
        ],
        "patterns": [
            "mx*.*.iphmx.com.",
            "esa*.*.iphmx.com.",
            "mx*.*.c3s2.iphmx.com.",
            "esa*.*.c3s2.iphmx.com.",
        ],
        "domains": [
            "iphmx.com.",
        ],
    },
    {
        "name": "Trend Micro Email Security",
        "kind": "gateway",
        "source": "https://docs.trendmicro.com/en-us/documentation/article/trend-micro-email-security-online-help-domain-management",
        "patterns": [
            "*.in.tmes.trendmicro.com.",
            "*.in.tmes.trendmicro.eu.",
        ],
        "domains": [
            "in.tmes.trendmicro.com.",
            "in.tmes.trendmicro.eu.",
        ],
    },
    {
        "name": "Sophos Email",
        "kind": "gateway",
        "source": "https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/EmailSecurity/SecureMessagePolicy/EmailEnforceTLSConnections/index.html",
        "hosts": [
            "mx-01-eu-west-1.prod.hydra.sophos.com.",
            "mx-02-eu-west-1.prod.hydra.sophos.com.",
            "mx-01-eu-central-1.prod.hydra.sophos.com.",
            "mx-01-us-east-2.prod.hydra.sophos.com.",
            "mx-02-us-east-2.prod.hydra.sophos.com.",
            "mx-01-us-west-2.prod.hydra.sophos.com.",
        ],
        "patterns": [
            "mx-0[12]-[a-z][a-z]-*-[0-9].prod.hydra.sophos.com.",
        ],
        "domains": [
            "prod.hydra.sophos.com.",
        ],
    },
    {
        "name": "Hornetsecurity",
        "kind": "gateway",
        "source": "https://cp.hornetsecurity.com/manual/en/partner/365_total_protection/c_basic_settings.html",
        "hosts": [
            "mx01.hornetsecurity.com.",
            "mx02.hornetsecurity.com.",
            "mx03.hornetsecurity.com.",
            "mx04.hornetsecurity.com.",
        ],
        "patterns": [
            "mx-cluster-*.hornetsecurity.com.",
        ],
    },
]
