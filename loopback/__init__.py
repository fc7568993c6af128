"""Commons's surroundings on one machine, for tests and benchmarks: a Twilio-compatible API on
loopback (twilio_api), phones that text the signed webhook (phones), the servers and worker
processes to run against (services), hosts in network namespaces (hosts, netns) and big groups
written straight to the database (crowds). Nothing of the product imports it."""
