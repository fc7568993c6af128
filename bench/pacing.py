"""Pacing: two workers sharing one sender at TWILIO_MPS=10, as the provider sees them.

Run: python -m bench.pacing. Figures: pacing_max_window, the most segments the provider received
in any one-second window (target: no more than TWILIO_MPS), and pacing_time_ratio, the time from
the first send to the last over the ideal (sends - 1) / TWILIO_MPS (target: at most 1.2).
"""

from __future__ import annotations

from bench.deployment import Deployment, report
from loopback.crowds import crowd

MPS = 10.0
MEMBERS = 100


def most_in_window(records: list[dict], seconds: float = 1.0) -> int:
    """Return the most segments received in any window `seconds` long."""
    sends = sorted((r["received_at"], r["num_segments"]) for r in records)
    most = total = start = 0
    for at, count in sends:
        total += count
        while at - sends[start][0] >= seconds:
            total -= sends[start][1]
            start += 1
        most = max(most, total)
    return most


def main() -> dict:
    """Print the pacing table, then one JSON line."""
    with Deployment(workers=2, TWILIO_MPS=MPS) as deployment:
        crowd(MEMBERS)
        result = deployment.post("+14155550100", "@crowd paced hello")
    records = sorted(result["records"], key=lambda r: r["received_at"])
    span = records[-1]["received_at"] - records[0]["received_at"]
    segments = sum(r["num_segments"] for r in records)
    ideal = (segments - 1) / MPS
    figures = {"pacing_mps": MPS, "pacing_workers": 2, "pacing_segments": segments,
               "pacing_max_window": most_in_window(records),
               "pacing_seconds": round(span, 2), "pacing_ideal_seconds": round(ideal, 2),
               "pacing_time_ratio": round(span / ideal, 3)}
    return report(figures)


if __name__ == "__main__":
    main()
