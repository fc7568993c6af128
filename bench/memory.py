"""Memory: worker RSS and Redis memory before and after 100,000 messages.

Run: python -m bench.memory [--messages N]. Posts to a 5,000-member group, one after another,
until N messages have gone out. Worker RSS is measured after a first warm-up post (the pool's
threads and connections exist by then) and after the last; Redis memory before the first post
and after the last has settled. Targets: worker_rss_growth_mb < 50, Redis back to its baseline.
"""

from __future__ import annotations

import argparse

from bench.deployment import Deployment, report, rss_mb
from loopback.crowds import crowd

MEMBERS = 5_000


def main() -> dict:
    """Print the memory table, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    args, _ = parser.parse_known_args()
    with Deployment(workers=2) as deployment:
        authors = crowd(MEMBERS)
        redis_before = deployment.redis_memory()
        deployment.post(authors[0], "@crowd warm up")
        pids = [worker.pid for worker in deployment.workers]
        rss_before = sum(rss_mb(pid) for pid in pids)
        sent = 0
        for n in range(1, args.messages // (MEMBERS - 1) + 1):
            sent += deployment.post(authors[n], f"@crowd post number {n}")["sent"]
        rss_after = sum(rss_mb(pid) for pid in pids)
        redis_after = deployment.redis_memory()
    figures = {"memory_messages": sent, "worker_rss_before_mb": round(rss_before, 1),
               "worker_rss_after_mb": round(rss_after, 1),
               "worker_rss_growth_mb": round(rss_after - rss_before, 1),
               "redis_memory_before_kb": redis_before // 1024,
               "redis_memory_after_kb": redis_after // 1024}
    return report(figures)


if __name__ == "__main__":
    main()
