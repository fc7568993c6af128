"""The Twilio channel's client: the environment's proxy and CA settings, read once."""

from __future__ import annotations

import requests

from workers.channels.twilio import read_environment_once


def test_the_client_reads_proxies_from_the_environment_once(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    through_proxy, direct = requests.Session(), requests.Session()
    read_environment_once(through_proxy, "https://api.twilio.com")
    read_environment_once(direct, "https://api.internal.example")
    assert through_proxy.proxies["https"] == "http://proxy.example:3128"
    assert through_proxy.verify == "/etc/ssl/certs/ca-certificates.crt"
    assert "https" not in direct.proxies
    assert not through_proxy.trust_env and not direct.trust_env
    monkeypatch.setenv("HTTPS_PROXY", "http://changed.example:3128")  # read once: kept
    assert through_proxy.merge_environment_settings(
        "https://api.twilio.com", {}, None, None, None)["proxies"]["https"] \
        == "http://proxy.example:3128"
