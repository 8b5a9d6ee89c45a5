"""Cross-checks Headstart's cron next-fire times against cronsim, an independent implementation.

Input (stdin): one JSON object per line: {"expr", "zone", "start", "fires": [ISO instants]}.
Output (stdout): one JSON summary: counts of cases compared, equal, and each mismatch.

cronsim follows Debian cron across DST changes: a job whose minute or hour field starts with
'*' runs on real time there (it fires twice in a repeated hour and skips a missing one), while
Headstart fires every wall-clock time once. Mismatches within three hours of a DST transition
for such expressions are reported as 'dst_interval', separately from real mismatches.
"""
import json
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from cronsim import CronSim

compared = equal = dst_interval = 0
mismatches = []


def near_transition(zone, instant):
    for hours in range(-3, 4):
        a = instant + timedelta(hours=hours)
        b = a + timedelta(hours=1)
        if a.astimezone(zone).utcoffset() != b.astimezone(zone).utcoffset():
            return True
    return False


for line in sys.stdin:
    case = json.loads(line)
    zone = ZoneInfo(case["zone"])
    start = datetime.fromisoformat(case["start"].replace("Z", "+00:00")).astimezone(zone)
    theirs = []
    try:
        it = CronSim(case["expr"], start)
        for _ in range(len(case["fires"])):
            theirs.append(next(it).astimezone(timezone.utc))
    except StopIteration:
        pass
    ours = [datetime.fromisoformat(f.replace("Z", "+00:00")) for f in case["fires"]]
    compared += 1
    if ours == theirs:
        equal += 1
        continue
    parts = case["expr"].split()
    interval = len(parts) == 6 or parts[0].startswith("*") or parts[1].startswith("*")
    if case["zone"] != "UTC" and interval and any(near_transition(zone, t) for t in ours + theirs):
        dst_interval += 1
        continue
    mismatches.append({"expr": case["expr"], "zone": case["zone"], "start": case["start"],
                       "ours": [t.isoformat() for t in ours], "cronsim": [t.isoformat() for t in theirs]})

print(json.dumps({"compared": compared, "equal": equal, "dstInterval": dst_interval, "mismatches": mismatches[:20],
                  "mismatchCount": len(mismatches)}))
